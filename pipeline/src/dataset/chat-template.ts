// The chat template used in training and at inference (the same one, fingerprinted into run.json).
// Gemma's turn format: the prompt part ends where the model's turn begins, so training can mask
// the prompt and generation can start from exactly the same text.
//
//   <start_of_turn>user\n{system\n\n}{prompt}<end_of_turn>\n<start_of_turn>model\n{completion}<end_of_turn>
import { sha256 } from "../io/json.ts";

export const START_OF_TURN = "<start_of_turn>";
export const END_OF_TURN = "<end_of_turn>";

export interface ChatTemplate {
  name: string;
  /** Special strings a tokenizer must treat as single tokens. */
  specials: readonly string[];
  /** Text up to and including the start of the model turn. */
  renderPrompt(prompt: string, system?: string): string;
  /** Text the model must produce, ending with the end-of-turn marker. */
  renderCompletion(completion: string): string;
  /** The string that ends a model turn (always a stop string). */
  stop: string;
}

export const GEMMA_TEMPLATE: ChatTemplate = Object.freeze({
  name: "gemma",
  specials: Object.freeze([START_OF_TURN, END_OF_TURN]),
  renderPrompt(prompt: string, system?: string) {
    const user = system ? `${system}\n\n${prompt}` : prompt;
    return `${START_OF_TURN}user\n${user}${END_OF_TURN}\n${START_OF_TURN}model\n`;
  },
  renderCompletion(completion: string) {
    return `${completion}${END_OF_TURN}`;
  },
  stop: END_OF_TURN,
});

export const CHAT_TEMPLATES: Readonly<Record<string, ChatTemplate>> = Object.freeze({
  gemma: GEMMA_TEMPLATE,
});

/** Fingerprint = sha256 of a rendering of a fixed probe conversation (changes when the template does). */
export function chatTemplateFingerprint(t: ChatTemplate): string {
  return sha256(`${t.name}\u0000${t.renderPrompt("Q?", "S")}\u0000${t.renderCompletion("A")}`).slice(0, 16);
}
