// Training and evaluation examples of one split, exactly as locked: checks the lock is fresh, then
// reads the manifest's trace files and keeps the traces the lock names (in lock order), rendered
// with the chat template (prompt and completion apart, so training can mask the prompt).
//
//   const train = await loadExamples(root, "demo", "train");
//   train[0].prompt      // "<start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n"
//   train[0].completion  // "Reasoning:\n1. …\nAnswer: 42<end_of_turn>"
import { type Problem, TunixError } from "../errors.ts";
import { readTraces } from "../io/trace-reader.ts";
import type { Trace } from "../schemas/trace.ts";
import { getTraceFormat } from "../traces/formats.ts";
import { shortHash } from "../traces/hash.ts";
import { inspectResolvedLock } from "./build.ts";
import type { ChatTemplate } from "./chat-template.ts";
import { hashHex } from "./collect.ts";
import { buildHint, datasetPaths, readDatasetManifest } from "./manifest.ts";
import { renderTrace } from "./render.ts";

export interface Example {
  id: string;
  /** Rendered chat prompt, ends with "<start_of_turn>model\n". */
  prompt: string;
  /** Rendered completion, ends with "<end_of_turn>". */
  completion: string;
  trace: Trace;
}

export interface LoadExamplesOptions {
  /** Trace format of completions; default: the manifest's `format.trace`. */
  traceFormat?: string;
  /** Chat template; default the GPT's (gemma v1). */
  template?: ChatTemplate;
}

export async function loadExamples(
  root: string,
  name: string,
  split: string,
  opts: LoadExamplesOptions = {},
): Promise<Example[]> {
  const manifest = readDatasetManifest(root, name);
  const traceFormat = getTraceFormat(opts.traceFormat ?? manifest.format.trace);
  const { fresh, problems: stale } = await inspectResolvedLock(root, name);
  if (!fresh) throw new TunixError("E_STALE", stale);
  const lockFile = datasetPaths(name).lock;
  const rows = fresh.splits.get(split);
  if (!rows) {
    throw new TunixError("E_NOT_FOUND", {
      file: lockFile,
      field: "splits",
      expected: `a split of dataset ${name}: ${[...fresh.splits.keys()].join(", ")}`,
      found: JSON.stringify(split),
    });
  }
  const entries = Array.from(rows, (i) => ({ id: fresh.table.ids.get(i), hash: hashHex(fresh.table, i) }));
  const slot = new Map(entries.map((e, k) => [e.id, k]));
  const out: (Example | undefined)[] = new Array(entries.length);
  const problems: Problem[] = [];
  const fileIdx = [...new Set(Array.from(rows, (i) => fresh.table.fileIdx[i]))].sort((a, b) => a - b);
  const files = fileIdx.map((k) => fresh.table.files[k]);
  for await (const { trace, file, line } of readTraces(root, files, (p) => problems.push(p))) {
    const k = slot.get(trace.id);
    if (k === undefined) continue;
    if (shortHash(trace) !== entries[k].hash) {
      problems.push({ file, line, field: "id", message: `trace ${trace.id} changed while being read` });
      continue;
    }
    const r = renderTrace(trace, { traceFormat, system: manifest.format.system, template: opts.template });
    out[k] = { id: trace.id, prompt: r.prompt, completion: r.completion, trace };
  }
  const missing = entries.filter((_, k) => out[k] === undefined).map((e) => e.id);
  if (missing.length)
    problems.push({ file: lockFile, message: `traces not found: ${missing.slice(0, 5).join(", ")}` });
  if (problems.length > 0)
    throw new TunixError(
      "E_STALE",
      problems.map((p) => ({ ...p, hint: buildHint(name) })),
    );
  return out as Example[];
}
