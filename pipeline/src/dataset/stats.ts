// Composition stats of one split (schemas/lock.ts SplitStats): counts by source, category and
// difficulty, a histogram of step counts, and length stats of prompts and completions in characters
// and byte-level tokens (see render.ts for how those are counted).
//
//   lock.stats.train = computeSplitStats(table, splits.get("train"));
import type { LengthStats, SplitStats } from "../schemas/lock.ts";
import type { CandidateTable } from "./collect.ts";
import { labelOf } from "./split.ts";

export function computeSplitStats(t: CandidateTable, rows: ArrayLike<number> & Iterable<number>): SplitStats {
  const bySource: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const byDifficulty: Record<string, number> = {};
  const steps: Record<string, number> = {};
  const bump = (rec: Record<string, number>, key: string) => {
    rec[key] = (rec[key] ?? 0) + 1;
  };
  for (const i of rows) {
    bump(bySource, labelOf(t, i, "source"));
    bump(byCategory, labelOf(t, i, "category"));
    bump(byDifficulty, labelOf(t, i, "difficulty"));
    bump(steps, String(t.steps[i]));
  }
  const column = (col: Uint32Array) => {
    const values = new Uint32Array(rows.length);
    for (let k = 0; k < rows.length; k++) values[k] = col[rows[k]];
    return lengthStats(values);
  };
  return {
    count: rows.length,
    bySource,
    byCategory,
    byDifficulty,
    steps,
    promptChars: column(t.promptChars),
    completionChars: column(t.completionChars),
    promptTokens: column(t.promptTokens),
    completionTokens: column(t.completionTokens),
  };
}

/** min, max, mean (2 decimals), p50 and p90 (nearest rank); all 0 for no values. */
export function lengthStats(values: Uint32Array): LengthStats {
  const n = values.length;
  if (n === 0) return { min: 0, max: 0, mean: 0, p50: 0, p90: 0 };
  const sorted = values.slice().sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)];
  return {
    min: sorted[0],
    max: sorted[n - 1],
    mean: Math.round((sum / n) * 100) / 100,
    p50: rank(50),
    p90: rank(90),
  };
}
