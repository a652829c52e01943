// The chat templates used in training and at inference (the same one, recorded by name and
// fingerprint in run.json). Gemma's turn format: the prompt part ends where the model's turn
// begins, so training can mask the prompt and generation can start from exactly the same text.
//
//   gemma (v1):   <start_of_turn>user\n{system\n\n}{prompt}<end_of_turn>\n<start_of_turn>model\n{completion}<end_of_turn>
//   gemma@2:      the same with prompt and completion trimmed, and the system prefix whenever a
//                 system text is given (even empty) — what Gemma 3's own Jinja template writes.
//
// How gemma@2 relates to the real template (tokenizer_config.json's `chat_template`, rendered by
// @huggingface/jinja with bos_token "<bos>"), for messages [system?, user: prompt, assistant: completion]:
//   render(messages without the answer, add_generation_prompt) = "<bos>" + renderPrompt(prompt, system)
//   render(messages)                                           = "<bos>" + renderPrompt(…) + renderCompletion(completion) + "\n"
// i.e. training text is the real rendering without the leading "<bos>" (the trainer and generator
// put the BOS id in front instead) and without the "\n" after the last <end_of_turn> (generation
// stops at <end_of_turn>; the newline only separates turns). hf-chat-template.ts checks a folder's
// template against this; chat-template.test.ts proves it on Gemma 3's real template.
// v1 differs only for text with leading/trailing whitespace or an empty system text; it stays, so
// committed runs keep their fingerprint and still infer (`chatTemplateFor(run.chatTemplate)`).
import { TunixError } from "../errors.ts";
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

/** Gemma 3's own template, as training text (see the header for the exact relation). */
export const GEMMA3_TEMPLATE: ChatTemplate = Object.freeze({
  name: "gemma@2",
  specials: Object.freeze([START_OF_TURN, END_OF_TURN]),
  renderPrompt(prompt: string, system?: string) {
    // The system text is not trimmed (the real template adds it as it is, then "\n\n").
    const prefix = system !== undefined ? `${system}\n\n` : "";
    return `${START_OF_TURN}user\n${prefix}${prompt.trim()}${END_OF_TURN}\n${START_OF_TURN}model\n`;
  },
  renderCompletion(completion: string) {
    return `${completion.trim()}${END_OF_TURN}`;
  },
  stop: END_OF_TURN,
});

export const CHAT_TEMPLATES: Readonly<Record<string, ChatTemplate>> = Object.freeze({
  gemma: GEMMA_TEMPLATE,
  "gemma@2": GEMMA3_TEMPLATE,
});

/**
 * The template a model family trains with: the GPT keeps v1 (committed runs keep their ids and
 * fingerprints); Gemma 3 writes what its own Jinja template writes (gemma@2, checked against a
 * folder's template before training on it).
 */
export function chatTemplateOfFamily(family: string): ChatTemplate {
  return family === "gemma3" ? GEMMA3_TEMPLATE : GEMMA_TEMPLATE;
}

/** Fingerprint = sha256 of a rendering of a fixed probe conversation (changes when the template does). */
export function chatTemplateFingerprint(t: ChatTemplate): string {
  return sha256(`${t.name}\u0000${t.renderPrompt("Q?", "S")}\u0000${t.renderCompletion("A")}`).slice(0, 16);
}

/** The template a run recorded (name + fingerprint), so a run infers with the template it trained with. */
export function chatTemplateFor(
  recorded: { name: string; fingerprint: string },
  file?: string,
): ChatTemplate {
  const t = Object.hasOwn(CHAT_TEMPLATES, recorded.name) ? CHAT_TEMPLATES[recorded.name] : undefined;
  if (!t) {
    throw new TunixError("E_MISMATCH", {
      file,
      field: "chatTemplate.name",
      expected: Object.keys(CHAT_TEMPLATES).join(" | "),
      found: recorded.name,
      hint: "the run was made by a newer tunix-rt; update it",
    });
  }
  const fp = chatTemplateFingerprint(t);
  if (fp !== recorded.fingerprint) {
    throw new TunixError("E_MISMATCH", {
      file,
      field: "chatTemplate.fingerprint",
      expected: recorded.fingerprint,
      found: fp,
      hint: `the ${t.name} template changed since training; re-train or infer with the old code`,
    });
  }
  return t;
}
