// The committed synthetic files: render SYNTH_PLAN into file texts (stable JSON lines sorted by id),
// write them atomically, or compare them byte for byte with what is on disk.
//
//   const files = renderPlan(SYNTH_PLAN);            // [{ file: "traces/synthetic/totals.jsonl", text, traces }]
//   writePlan(root);                                 // the same, written
//   checkPlan(root) → [{ file, status: "same" | "differs" | "missing" | "extra" }]
//
// Reading the files for the check is the one filesystem read here (plain whole-file reads of a few
// small files); writing goes through io/atomic.ts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../io/atomic.ts";
import { stableStringify } from "../../io/json.ts";
import type { Trace } from "../../schemas/trace.ts";
import { SYNTH_DIR, SYNTH_PLAN } from "./plan.ts";
import { type SynthSet, synthesize } from "./synthesize.ts";

export interface SynthFile {
  /** Repository-relative path. */
  file: string;
  text: string;
  traces: Trace[];
}

export interface FileStatus {
  file: string;
  status: "same" | "differs" | "missing" | "extra";
}

/** JSONL text of traces: one stable JSON object per line, sorted by id, trailing newline. */
export function renderTraces(traces: readonly Trace[]): string {
  const sorted = [...traces].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.length ? `${sorted.map((t) => stableStringify(t)).join("\n")}\n` : "";
}

/** Every file of the plan, in plan order; no prompt repeats across the plan. */
export function renderPlan(plan: readonly SynthSet[] = SYNTH_PLAN): SynthFile[] {
  const names = new Set<string>();
  const seen = new Set<string>();
  return plan.map((set) => {
    if (names.has(set.name)) throw new Error(`SYNTH_PLAN: set name "${set.name}" used twice`);
    names.add(set.name);
    const traces = synthesize(set, seen);
    return { file: `${SYNTH_DIR}/${set.name}.jsonl`, text: renderTraces(traces), traces };
  });
}

export function writePlan(root: string, plan: readonly SynthSet[] = SYNTH_PLAN): SynthFile[] {
  const files = renderPlan(plan);
  for (const f of files) writeFileAtomic(path.join(root, f.file), f.text);
  return files;
}

/** Compare a fresh render with the files on disk; `.jsonl` files in the folder that the plan lacks are "extra". */
export function checkPlan(root: string, plan: readonly SynthSet[] = SYNTH_PLAN): FileStatus[] {
  const files = renderPlan(plan);
  const out: FileStatus[] = files.map((f) => {
    const abs = path.join(root, f.file);
    if (!existsSync(abs)) return { file: f.file, status: "missing" };
    return {
      file: f.file,
      status: readFileSync(abs).equals(Buffer.from(f.text, "utf8")) ? "same" : "differs",
    };
  });
  const dir = path.join(root, SYNTH_DIR);
  if (existsSync(dir)) {
    const planned = new Set(files.map((f) => f.file));
    for (const name of readdirSync(dir).sort()) {
      const file = `${SYNTH_DIR}/${name}`;
      if (name.endsWith(".jsonl") && !planned.has(file)) out.push({ file, status: "extra" });
    }
  }
  return out;
}
