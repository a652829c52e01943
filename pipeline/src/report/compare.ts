// Compare 2…N runs item by item: per-run scores with Wilson intervals, and for every pair the
// per-item flips (fixed / broken / both right / both wrong over the items both runs judged), the
// exact McNemar p-value, and the score difference with a Newcombe paired 95% interval; plus the
// changed-only config diff. Paired numbers use only the items both runs judged (`common`, with
// both scores on those items); a pair with no common item has no p, Δ or interval (null: "n/a"),
// never p = 1 and Δ = 0. A verdict marked not applicable (`applicable: false`) is no outcome.
// Pure and browser-safe: the compare page runs it on the `runs/<id>.json` payloads it fetches,
// and `tunix-rt compare` prints the same numbers.
//
// Items generated k times (verdicts with `samples`) add, per pair, the paired bootstrap of pass@1,
// pass@k and maj@k differences (report/sampled-compare.ts; McNemar needs one 0/1 outcome per item).
//
//   const c = compareRuns([viewA, viewB], "answer-correctness@1");
//   c.pairs[0].fixed  // items wrong in A and right in B

import type { RunView } from "./run-view.ts";
import { compareSampled, type SampledItem, type SampledPairComparison } from "./sampled-compare.ts";
import { mcnemarExact, round6, wilsonInterval } from "./stats.ts";

export type CompareInput = Pick<RunView, "id" | "config" | "items">;

export interface RunScore {
  run: string;
  /** Items with a verdict of the judge. */
  n: number;
  correct: number;
  score: number;
  ci95: [number, number];
}

export interface PairComparison {
  a: string;
  b: string;
  /** Items judged in both runs: the n of every paired number below. */
  common: number;
  onlyA: number;
  onlyB: number;
  /** Both runs judged exactly the same items (onlyA = onlyB = 0, common > 0). */
  sameItems: boolean;
  /** Score of A and of B over the common items (null when there are none). */
  scoreA: number | null;
  scoreB: number | null;
  /** Wrong in A, right in B. */
  fixed: number;
  /** Right in A, wrong in B. */
  broken: number;
  bothRight: number;
  bothWrong: number;
  /** Exact two-sided McNemar p-value over the discordant items; null without common items. */
  mcnemarP: number | null;
  /** Score of B minus score of A over the common items; null without common items. */
  delta: number | null;
  /** Newcombe's paired interval (method 10, Wilson-based) for `delta`; null without common items. */
  deltaCi95: [number, number] | null;
  /** pass@1 / pass@k / maj@k differences over the items sampled in both runs; null when none are. */
  sampled: SampledPairComparison | null;
}

export interface ConfigChange {
  /** Dotted key, e.g. `training.lr`. */
  key: string;
  /** The value in each run, as stable JSON text ("" when absent). */
  values: string[];
}

export interface FlipRow {
  id: string;
  /** Per run: correct, or null when that run has no verdict for the item. */
  correct: (boolean | null)[];
}

export interface Comparison {
  judge: string;
  runs: string[];
  scores: RunScore[];
  pairs: PairComparison[];
  configDiff: ConfigChange[];
  /** Every item judged in at least one run, in the first run's order then the others'. */
  items: FlipRow[];
}

/** Compare runs under one judge. Pairs are every (i, j) with i < j, in order. */
export function compareRuns(runs: readonly CompareInput[], judge: string): Comparison {
  const outcome = runs.map((r) => {
    const m = new Map<string, boolean>();
    for (const item of r.items) {
      const v = item.verdicts[judge];
      if (v && v.applicable !== false) m.set(item.id, v.correct);
    }
    return m;
  });
  const scores = runs.map((r, i): RunScore => {
    const values = [...outcome[i].values()];
    const correct = values.filter(Boolean).length;
    const n = values.length;
    return { run: r.id, n, correct, score: n ? round6(correct / n) : 0, ci95: wilsonInterval(correct, n) };
  });
  const pairs: PairComparison[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++)
      pairs.push({
        ...comparePair(runs[i].id, runs[j].id, outcome[i], outcome[j]),
        sampled: compareSampled(sampledItems(runs[i], judge), sampledItems(runs[j], judge)),
      });
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const m of outcome) {
    for (const id of m.keys()) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
    }
  }
  return {
    judge,
    runs: runs.map((r) => r.id),
    scores,
    pairs,
    configDiff: configDiff(runs.map((r) => r.config)),
    items: ids.map((id) => ({ id, correct: outcome.map((m) => m.get(id) ?? null) })),
  };
}

/** The items of a run whose verdict of `judge` holds several samples. */
function sampledItems(run: CompareInput, judge: string): SampledItem[] {
  return run.items.flatMap((item) => {
    const samples = item.verdicts[judge]?.samples;
    return samples ? [{ id: item.id, samples }] : [];
  });
}

function comparePair(
  a: string,
  b: string,
  ma: Map<string, boolean>,
  mb: Map<string, boolean>,
): Omit<PairComparison, "sampled"> {
  let fixed = 0;
  let broken = 0;
  let bothRight = 0;
  let bothWrong = 0;
  for (const [id, ra] of ma) {
    const rb = mb.get(id);
    if (rb === undefined) continue;
    if (ra && rb) bothRight++;
    else if (ra) broken++;
    else if (rb) fixed++;
    else bothWrong++;
  }
  const common = fixed + broken + bothRight + bothWrong;
  const paired = common > 0;
  return {
    a,
    b,
    common,
    onlyA: ma.size - common,
    onlyB: mb.size - common,
    sameItems: paired && ma.size === common && mb.size === common,
    scoreA: paired ? round6((bothRight + broken) / common) : null,
    scoreB: paired ? round6((bothRight + fixed) / common) : null,
    fixed,
    broken,
    bothRight,
    bothWrong,
    mcnemarP: paired ? mcnemarExact(broken, fixed) : null,
    delta: paired ? round6((fixed - broken) / common) : null,
    deltaCi95: paired ? newcombePaired(bothRight, broken, fixed, bothWrong) : null,
  };
}

/**
 * Newcombe (1998) method 10 interval for p2 − p1 of paired proportions, from the 2×2 table
 * e = both right, f = right in 1 only, g = right in 2 only, h = both wrong.
 */
export function newcombePaired(e: number, f: number, g: number, h: number): [number, number] {
  const n = e + f + g + h;
  if (n === 0) return [0, 0];
  const p1 = (e + f) / n;
  const p2 = (e + g) / n;
  const [l1, u1] = wilsonRaw(e + f, n);
  const [l2, u2] = wilsonRaw(e + g, n);
  const denom = (e + f) * (g + h) * (e + g) * (f + h);
  const phi = denom === 0 ? 0 : (e * h - f * g) / Math.sqrt(denom);
  // Interval for θ = p1 − p2, then negated for p2 − p1.
  const theta = p1 - p2;
  const dl = Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
  const du = Math.sqrt(Math.max(0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2));
  return [round6(Math.max(-1, -(theta + du))), round6(Math.min(1, -(theta - dl)))];
}

/** Wilson interval without rounding (the Newcombe interval is rounded once, at the end). */
function wilsonRaw(k: number, n: number, z = 1.959963984540054): [number, number] {
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Keys whose values differ between configs (flattened to dotted keys; arrays compared whole). */
export function configDiff(configs: readonly unknown[]): ConfigChange[] {
  const flat = configs.map((c) => flatten(c, ""));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort();
  const out: ConfigChange[] = [];
  for (const key of keys) {
    const values = flat.map((f) => f.get(key) ?? "");
    if (values.some((v) => v !== values[0])) out.push({ key, values });
  }
  return out;
}

function flatten(value: unknown, prefix: string, out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (value !== undefined) {
    out.set(prefix, stableText(value));
  }
  return out;
}

function stableText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableText(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
