// Every trace of the repository, read once per build through the pipeline's streaming reader
// (`readTraces`) and shared by the collections that need it (trace pages, dataset histograms).
// A bad line fails the build with the validator's message (file:line: field: expected …, found …).
import { type Problem, TunixError } from "../../../pipeline/src/errors.ts";
import { globFiles } from "../../../pipeline/src/io/repo.ts";
import { readTraces } from "../../../pipeline/src/io/trace-reader.ts";
import type { Trace } from "../../../pipeline/src/schemas/trace.ts";

export interface TraceAtFile {
  trace: Trace;
  file: string;
  line: number;
}

const cache = new Map<string, Promise<TraceAtFile[]>>();

export function loadAllTraces(root: string): Promise<TraceAtFile[]> {
  let p = cache.get(root);
  if (!p) {
    p = readAll(root);
    cache.set(root, p);
  }
  return p;
}

async function readAll(root: string): Promise<TraceAtFile[]> {
  const files = globFiles(root, ["traces/**/*.jsonl"]);
  const problems: Problem[] = [];
  const out: TraceAtFile[] = [];
  for await (const t of readTraces(root, files, (p) => problems.push(p))) out.push(t);
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > 20)
      shown.push({ message: `${problems.length - 20} more problems (run: tunix-rt validate)` });
    throw new TunixError("E_VALIDATION", shown);
  }
  const seen = new Map<string, string>();
  for (const t of out) {
    const prev = seen.get(t.trace.id);
    if (prev) {
      throw new TunixError("E_DUPLICATE", {
        file: t.file,
        line: t.line,
        field: "id",
        message: `trace id ${JSON.stringify(t.trace.id)} also at ${prev}`,
        hint: "trace ids must be unique across the repository",
      });
    }
    seen.set(t.trace.id, `${t.file}:${t.line}`);
  }
  return out;
}
