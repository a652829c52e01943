// How one trace becomes training text: the user turn (optional system text + prompt), the completion
// in the manifest's trace format, the same two wrapped in the chat template, and their lengths.
//
//   const parts = renderTrace(trace, { system: manifest.format.system, traceFormat: getTraceFormat("numbered") });
//   parts.prompt      // "<start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n"
//   parts.completion  // "Reasoning:\n1. …\nAnswer: 42<end_of_turn>"
//
// Lengths: characters are Unicode code points. Byte-level tokens are the UTF-8 byte length of the
// rendered (chat-templated) text, except that each occurrence of a special string of the template
// (`<start_of_turn>`, `<end_of_turn>`) counts as one token: what a byte tokenizer with those specials
// would produce, and an upper bound for any BPE tokenizer built on bytes.
import type { Trace } from "../schemas/trace.ts";
import type { TraceFormat } from "../traces/formats.ts";
import { type ChatTemplate, GEMMA_TEMPLATE } from "./chat-template.ts";

export interface RenderOptions {
  traceFormat: TraceFormat;
  /** Instruction put before the prompt in the user turn. */
  system?: string;
  /** The chat template (default gemma v1, the GPT's; chatTemplateOfFamily picks a family's). */
  template?: ChatTemplate;
}

export interface RenderedTrace {
  /** User turn text without the template: system text, a blank line, the prompt. */
  user: string;
  /** Completion in the trace format, without the template. */
  completionText: string;
  /** Chat prompt, ends with the start of the model turn. */
  prompt: string;
  /** Chat completion, ends with the end-of-turn marker. */
  completion: string;
}

export const CHAT_TEMPLATE = GEMMA_TEMPLATE;

export function renderTrace(trace: Trace, opts: RenderOptions): RenderedTrace {
  const completionText = renderCompletionText(trace, opts.traceFormat);
  return {
    user: opts.system ? `${opts.system}\n\n${trace.prompt}` : trace.prompt,
    completionText,
    prompt: (opts.template ?? CHAT_TEMPLATE).renderPrompt(trace.prompt, opts.system),
    completion: (opts.template ?? CHAT_TEMPLATE).renderCompletion(completionText),
  };
}

export function renderCompletionText(trace: Trace, format: TraceFormat): string {
  return format.render(
    trace.steps.map((s) => s.text),
    trace.answer,
  );
}

const SPECIAL_BYTES = CHAT_TEMPLATE.specials.map((s) => ({ text: s, extraBytes: Buffer.byteLength(s) - 1 }));

/** UTF-8 bytes, with each special string of the chat template counted as one token. */
export function countByteTokens(text: string): number {
  let n = Buffer.byteLength(text, "utf8");
  for (const special of SPECIAL_BYTES) {
    let at = text.indexOf(special.text);
    while (at !== -1) {
      n -= special.extraBytes;
      at = text.indexOf(special.text, at + special.text.length);
    }
  }
  return n;
}

/** Unicode code points (a surrogate pair is one character). */
export function countChars(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
