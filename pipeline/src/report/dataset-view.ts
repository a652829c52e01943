// What the site shows about datasets beyond their lock: length histograms per split (prompt
// characters, step-text characters) and, for every trace, the dataset splits that include it.
// Pure: the caller passes the locks and the traces.
//
//   const h = histogram([3, 5, 9], 4);                // { edges: [3, 4.5, 6, 7.5, 9], counts: [1, 1, 0, 1] }
//   const hists = splitHistograms(lock, tracesById);  // hists.train.promptChars
//   membership([lock]).get("gsm8k/test:1")            // ["demo/eval"]
import type { DatasetLock } from "../schemas/lock.ts";
import type { Trace } from "../schemas/trace.ts";

export interface Histogram {
  /** bins + 1 edges; bin i holds values in [edges[i], edges[i+1]) (the last bin is closed). */
  edges: number[];
  counts: number[];
}

export interface SplitHistograms {
  promptChars: Histogram;
  stepChars: Histogram;
}

/** Equal-width histogram; integer-valued data gets integer edges when the range allows it. */
export function histogram(values: readonly number[], bins = 20): Histogram {
  if (values.length === 0) return { edges: [], counts: [] };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return { edges: [min, max], counts: [values.length] };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => Math.round((min + i * width) * 1000) / 1000);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  return { edges, counts };
}

/** Length histograms of each split of a lock; traces missing from `byId` are counted as errors by the caller. */
export function splitHistograms(
  lock: DatasetLock,
  byId: ReadonlyMap<string, Trace>,
  bins = 20,
): Record<string, SplitHistograms> {
  const out: Record<string, SplitHistograms> = {};
  for (const [split, entries] of Object.entries(lock.splits)) {
    const prompt: number[] = [];
    const steps: number[] = [];
    for (const e of entries) {
      const t = byId.get(e.id);
      if (!t) continue;
      prompt.push(t.prompt.length);
      steps.push(t.steps.reduce((s, st) => s + st.text.length, 0));
    }
    out[split] = { promptChars: histogram(prompt, bins), stepChars: histogram(steps, bins) };
  }
  return out;
}

/** Trace id → `dataset/split` names that include it, in lock order. */
export function membership(locks: readonly DatasetLock[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const lock of locks) {
    for (const [split, entries] of Object.entries(lock.splits)) {
      const tag = `${lock.name}/${split}`;
      for (const e of entries) {
        const cur = out.get(e.id);
        if (cur) cur.push(tag);
        else out.set(e.id, [tag]);
      }
    }
  }
  return out;
}
