// Small statistics for scores: Wilson and bootstrap 95% intervals for a proportion, and an exact
// McNemar test for paired binary outcomes. Deterministic: the bootstrap uses a seeded PRNG.
import { mulberry32 } from "../random.ts";

export { mulberry32 };

/** Wilson score interval for k successes out of n (95%: z = 1.959964). */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 0];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [round6(Math.max(0, centre - half)), round6(Math.min(1, centre + half))];
}

/** Percentile bootstrap interval of the mean of 0/1 outcomes, `resamples` draws, seeded. */
export function bootstrapInterval(
  outcomes: readonly boolean[],
  resamples = 2000,
  seed = 0,
): [number, number] {
  const n = outcomes.length;
  if (n === 0) return [0, 0];
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let k = 0;
    for (let i = 0; i < n; i++) if (outcomes[Math.floor(rand() * n)]) k++;
    means[r] = k / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))];
  return [round6(at(0.025)), round6(at(0.975))];
}

/**
 * Exact two-sided McNemar test: b = pairs right in A only, c = right in B only.
 * p = min(1, 2 · P[X ≤ min(b,c)]) with X ~ Binomial(b + c, 1/2).
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // log-space binomial terms to stay exact enough for large n
  let logC = 0; // log C(n, 0)
  let tail = 0;
  const logHalfN = n * Math.log(0.5);
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    tail += Math.exp(logC + logHalfN);
  }
  return round6(Math.min(1, 2 * tail));
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
