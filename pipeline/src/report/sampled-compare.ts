// Paired comparison of two runs' sampled scores (pass@1, pass@k, maj@k) over the items both judged.
// Per item these are fractions (pass@1 = c/n, pass@k from Chen et al.'s estimator), not the 0/1
// outcomes McNemar needs, so the difference B − A gets a paired bootstrap: resample the common
// items with replacement (seeded), recompute the mean difference, and take the 2.5% and 97.5%
// percentiles; the two-sided p is twice the smaller share of resampled differences on either side
// of zero (at most 1). k is the smaller of the two runs' sample counts, so both are scored alike.
// Pure and browser-safe.
//
//   const c = compareSampled(itemsA, itemsB);   // null when no common item has samples in both
//   c.passAtK.delta, c.passAtK.ci95, c.passAtK.p, c.common, c.k
import { mulberry32 } from "../random.ts";
import { majorityVote, passAtK, type SampleVerdict } from "./pass-at-k.ts";
import { round6 } from "./stats.ts";

export interface SampledItem {
  id: string;
  samples: readonly SampleVerdict[];
}

export interface PairedDelta {
  /** Mean of A and of B over the common items. */
  a: number;
  b: number;
  /** b − a. */
  delta: number;
  /** Paired bootstrap 95% interval of `delta`. */
  ci95: [number, number];
  /** Two-sided bootstrap p-value of `delta` ≠ 0. */
  p: number;
}

export interface SampledPairComparison {
  /** Items sampled in both runs: the n of every number below. */
  common: number;
  k: number;
  passAt1: PairedDelta;
  passAtK: PairedDelta;
  majAtK: PairedDelta;
}

export function compareSampled(
  a: readonly SampledItem[],
  b: readonly SampledItem[],
  opts: { seed?: number; resamples?: number } = {},
): SampledPairComparison | null {
  const inB = new Map(b.map((x) => [x.id, x.samples]));
  const pairs = a.flatMap((x) => {
    const other = inB.get(x.id);
    return other && x.samples.length > 1 && other.length > 1 ? [[x.samples, other] as const] : [];
  });
  if (pairs.length === 0) return null;
  const k = Math.min(...pairs.flatMap(([x, y]) => [x.length, y.length]));
  const per = (f: (s: readonly SampleVerdict[]) => number): [number[], number[]] => [
    pairs.map(([x]) => f(x)),
    pairs.map(([, y]) => f(y)),
  ];
  const correct = (s: readonly SampleVerdict[]) => s.filter((x) => x.correct).length;
  const seed = opts.seed ?? 0;
  const resamples = opts.resamples ?? 2000;
  return {
    common: pairs.length,
    k,
    passAt1: pairedDelta(...per((s) => correct(s) / s.length), seed, resamples),
    passAtK: pairedDelta(...per((s) => passAtK(s.length, correct(s), k)), seed, resamples),
    majAtK: pairedDelta(...per((s) => (majorityVote(s.slice(0, k)).correct ? 1 : 0)), seed, resamples),
  };
}

/** Mean difference y − x of paired values with a seeded paired bootstrap interval and p-value. */
export function pairedDelta(
  xs: readonly number[],
  ys: readonly number[],
  seed = 0,
  resamples = 2000,
): PairedDelta {
  const n = xs.length;
  const d = xs.map((x, i) => ys[i] - x);
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const rand = mulberry32(seed ^ 0x2545f491);
  const boot = new Float64Array(resamples);
  let below = 0;
  let above = 0;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[Math.floor(rand() * n)];
    boot[r] = sum / n;
    if (boot[r] <= 0) below++;
    if (boot[r] >= 0) above++;
  }
  boot.sort();
  const at = (q: number) => boot[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))];
  return {
    a: round6(mean(xs)),
    b: round6(mean(ys)),
    delta: round6(mean(d)),
    ci95: [round6(at(0.025)), round6(at(0.975))],
    p: round6(Math.min(1, (2 * Math.min(below, above)) / resamples)),
  };
}
