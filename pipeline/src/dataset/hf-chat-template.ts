// A model folder's own chat template (Jinja, from chat_template.jinja or tokenizer_config.json),
// rendered with @huggingface/jinja the way transformers' apply_chat_template does, and the check
// that the project's training text relates to it exactly as chat-template.ts documents:
//   render(…, add_generation_prompt)  = bos + renderPrompt(prompt, system)
//   render(full conversation)         = bos + renderPrompt(…) + renderCompletion(completion) + "\n"
// on probe conversations with and without a system message and with untrimmed text. A folder
// whose template writes something else is refused before training on it.
//
//   const text = renderHfChatTemplate(jinja, [{ role: "user", content: "Hi" }], { addGenerationPrompt: true, bosToken: "<bos>" });
//   checkChatTemplate(GEMMA3_TEMPLATE, jinja, "<bos>", "google/gemma-3-270m/tokenizer_config.json");
import { Template } from "@huggingface/jinja";
import { TunixError } from "../errors.ts";
import type { ChatTemplate } from "./chat-template.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface RenderOptions {
  addGenerationPrompt: boolean;
  bosToken: string;
  eosToken?: string;
}

export function renderHfChatTemplate(
  jinja: string,
  messages: readonly ChatMessage[],
  o: RenderOptions,
): string {
  return new Template(jinja).render({
    messages: messages.map((m) => ({ ...m })),
    add_generation_prompt: o.addGenerationPrompt,
    bos_token: o.bosToken,
    eos_token: o.eosToken ?? "<eos>",
  });
}

/** Probe conversations: [system or undefined, prompt, completion]. */
export const TEMPLATE_PROBES: readonly [string | undefined, string, string][] = [
  [undefined, "What is 2+2?", "4"],
  ["You are a careful tutor.", "Natalia sold 48 clips. How many?\nShow steps.", "Step 1: 48\nAnswer: 48"],
  ["  keep my spaces ", "  padded prompt \n", "\n padded answer  "],
  ["", "empty system text", "ok"],
  [undefined, "tabs\tand\u00a0nbsp", "日本語 😀"],
];

/** The documented relation on every probe, or the first rendering where it fails. */
export function templateMismatch(
  template: ChatTemplate,
  jinja: string,
  bosToken: string,
): { probe: number; expected: string; found: string } | undefined {
  for (const [i, [system, prompt, completion]] of TEMPLATE_PROBES.entries()) {
    const head: ChatMessage[] = [
      ...(system !== undefined ? [{ role: "system" as const, content: system }] : []),
      { role: "user", content: prompt },
    ];
    const promptText = renderHfChatTemplate(jinja, head, { addGenerationPrompt: true, bosToken });
    const ours = bosToken + template.renderPrompt(prompt, system);
    if (promptText !== ours) return { probe: i, expected: promptText, found: ours };
    const full = renderHfChatTemplate(jinja, [...head, { role: "assistant", content: completion }], {
      addGenerationPrompt: false,
      bosToken,
    });
    const oursFull = `${ours}${template.renderCompletion(completion)}\n`;
    if (full !== oursFull) return { probe: i, expected: full, found: oursFull };
  }
  return undefined;
}

/** Refuse a folder whose chat template does not write what the project trains on. */
export function checkChatTemplate(
  template: ChatTemplate,
  jinja: string,
  bosToken: string,
  file: string,
): void {
  let miss: ReturnType<typeof templateMismatch>;
  try {
    miss = templateMismatch(template, jinja, bosToken);
  } catch (err) {
    throw new TunixError("E_SCHEMA", {
      file,
      field: "chat_template",
      message: `does not render: ${(err as Error).message}`,
    });
  }
  if (miss) {
    throw new TunixError("E_MISMATCH", {
      file,
      field: "chat_template",
      expected: `the ${template.name} turn format: ${JSON.stringify(miss.found)}`,
      found: JSON.stringify(miss.expected),
      hint: "the model's own template writes other text than the project trains on; use a Gemma 3 folder, or add a template to dataset/chat-template.ts",
    });
  }
}
