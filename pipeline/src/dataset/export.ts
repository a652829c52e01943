// SFT export formats of a locked split, one frozen table. Each row is one stable JSON line:
//   chat               {"id","prompt","completion"} in the chat template, prompt and completion apart
//   messages           {"id","messages":[{role:"user"},{role:"assistant"}]} (HF/TRL conversational;
//                      a `system` message first when the manifest sets `format.system`)
//   prompt-completion  {"id","prompt","completion"} plain text, no chat template (TRL prompt-completion)
//   trace              the trace object itself
//
//   const lines = await exportDataset(root, "demo", "eval", "messages");
import { TunixError } from "../errors.ts";
import { stableStringify } from "../io/json.ts";
import { getTraceFormat, type TraceFormat } from "../traces/formats.ts";
import { type Example, loadExamples } from "./examples.ts";
import { readDatasetManifest } from "./manifest.ts";
import { renderTrace } from "./render.ts";

export interface ExportContext {
  traceFormat: TraceFormat;
  system?: string;
}

export interface ExportFormat {
  name: string;
  description: string;
  row(ex: Example, ctx: ExportContext): unknown;
}

export const EXPORT_FORMATS: Readonly<Record<string, ExportFormat>> = Object.freeze({
  chat: {
    name: "chat",
    description: "chat-templated prompt and completion, kept apart for loss masking",
    row: (ex) => ({ id: ex.id, prompt: ex.prompt, completion: ex.completion }),
  },
  messages: {
    name: "messages",
    description: "conversational messages (Hugging Face / TRL)",
    row: (ex, ctx) => {
      const r = renderTrace(ex.trace, { traceFormat: ctx.traceFormat });
      const messages = [
        ...(ctx.system ? [{ role: "system", content: ctx.system }] : []),
        { role: "user", content: ex.trace.prompt },
        { role: "assistant", content: r.completionText },
      ];
      return { id: ex.id, messages };
    },
  },
  "prompt-completion": {
    name: "prompt-completion",
    description: "plain prompt and completion, no chat template (TRL)",
    row: (ex, ctx) => {
      const r = renderTrace(ex.trace, ctx);
      return { id: ex.id, prompt: r.user, completion: r.completionText };
    },
  },
  trace: {
    name: "trace",
    description: "the trace objects themselves",
    row: (ex) => ex.trace,
  },
});

export function getExportFormat(name: string): ExportFormat {
  const f = EXPORT_FORMATS[name];
  if (!f) {
    throw new TunixError("E_USAGE", {
      field: "--format",
      expected: Object.keys(EXPORT_FORMATS).join(" | "),
      found: JSON.stringify(name),
    });
  }
  return f;
}

/** The JSON lines (no newlines) of one split in one format, in lock order. */
export async function exportDataset(
  root: string,
  name: string,
  split: string,
  format: string,
  opts: { traceFormat?: string } = {},
): Promise<string[]> {
  const exporter = getExportFormat(format);
  const manifest = readDatasetManifest(root, name);
  const traceFormat = getTraceFormat(opts.traceFormat ?? manifest.format.trace);
  const examples = await loadExamples(root, name, split, { traceFormat: traceFormat.name });
  const ctx: ExportContext = { traceFormat, system: manifest.format.system };
  return examples.map((ex) => stableStringify(exporter.row(ex, ctx)));
}
