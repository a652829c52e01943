// Sampling-based scores of a judge over items generated k times (`inference.samples: k`):
//   pass@k  the unbiased estimator of Chen et al. (2021): per item with n samples of which c are
//           correct, 1 − C(n−c, k) / C(n, k) (the chance that k of the n samples, drawn without
//           replacement, hold a correct one), averaged over items; pass@1 is the mean of c/n.
//   maj@k   majority vote over the k samples' extracted final answers (grouped by their
//           normalised text, answer/normalize.ts, with thousands separators collapsed); samples
//           without an answer do not vote; a tie goes to the answer that appeared first (lowest
//           sample number), so the vote is deterministic; the item counts as correct when the
//           winning answer's samples were judged correct.
// Each score has a 95% percentile bootstrap interval over items (seeded, deterministic). Pure.
//
//   passAtK(8, 2, 1)  // 0.25;   passAtK(5, 2, 2)  // 1 − C(3,2)/C(5,2) = 0.7
//   majorityVote([{ correct: false, extracted: "7" }, { correct: true, extracted: "8" }])
//   sampledScores(verdictsOfOneJudge)  // { k, n, passAt1, passAtK, majAtK } or undefined
//   sampledSummaryOf("format@1", rows)  // the summary's block: maj@k only for answer judges
import { normalizeSpan } from "../judge/answer/normalize.ts";
import { collapseThousands } from "../judge/math/answer-value.ts";
import { mulberry32 } from "../random.ts";
import type { VerdictRow } from "../schemas/rows.ts";
import { round6 } from "./stats.ts";

export interface SampleVerdict {
  correct: boolean;
  extracted: string | null;
}

export interface ScoreWithCi {
  score: number;
  ci95: [number, number];
}

export interface SampledScores {
  /** Samples per item (the smallest over items, when they differ). */
  k: number;
  /** Items. */
  n: number;
  passAt1: ScoreWithCi;
  passAtK: ScoreWithCi;
  majAtK: ScoreWithCi;
}

/** Chen et al.'s unbiased pass@k for one item: n samples, c correct (product form, no overflow). */
export function passAtK(n: number, c: number, k: number): number {
  if (!(k >= 1 && k <= n && c >= 0 && c <= n)) throw new RangeError(`pass@k: need 1 ≤ k ≤ n and 0 ≤ c ≤ n`);
  if (n - c < k) return 1;
  // C(n−c, k) / C(n, k) = Π_{i = n−c+1}^{n} (1 − k / i)
  let miss = 1;
  for (let i = n - c + 1; i <= n; i++) miss *= 1 - k / i;
  return 1 - miss;
}

/** The voting key of an extracted answer (null: no answer, no vote). */
export function voteKey(extracted: string | null): string | null {
  if (extracted === null) return null;
  const key = collapseThousands(normalizeSpan(extracted));
  return key === "" ? null : key;
}

/** Majority vote over one item's samples: the winning answer, its votes, and whether it is correct. */
export function majorityVote(samples: readonly SampleVerdict[]): {
  answer: string | null;
  votes: number;
  correct: boolean;
} {
  const tally = new Map<string, { votes: number; first: number; correct: boolean }>();
  samples.forEach((s, i) => {
    const key = voteKey(s.extracted);
    if (key === null) return;
    const cur = tally.get(key) ?? { votes: 0, first: i, correct: false };
    cur.votes++;
    // One correct sample of this answer makes the answer correct (equal answers judge alike).
    cur.correct ||= s.correct;
    tally.set(key, cur);
  });
  let best: [string, { votes: number; first: number; correct: boolean }] | undefined;
  for (const entry of tally) {
    const [, t] = entry;
    if (!best || t.votes > best[1].votes || (t.votes === best[1].votes && t.first < best[1].first))
      best = entry;
  }
  return best
    ? { answer: best[0], votes: best[1].votes, correct: best[1].correct }
    : { answer: null, votes: 0, correct: false };
}

/** The samples of a verdict row (a row without samples is one sample). */
export function samplesOfVerdict(v: VerdictRow): SampleVerdict[] {
  return v.samples ?? [{ correct: v.correct, extracted: v.extracted }];
}

/** pass@1, pass@k and maj@k of one judge's verdicts; undefined when no row has several samples. */
export function sampledScores(verdicts: readonly VerdictRow[], seed = 0): SampledScores | undefined {
  if (!verdicts.some((v) => v.samples)) return undefined;
  const per = verdicts.map(samplesOfVerdict);
  const k = Math.min(...per.map((s) => s.length));
  const p1 = per.map((s) => s.filter((x) => x.correct).length / s.length);
  const pk = per.map((s) => passAtK(s.length, s.filter((x) => x.correct).length, k));
  const maj = per.map((s) => (majorityVote(s.slice(0, k)).correct ? 1 : 0));
  return {
    k,
    n: per.length,
    passAt1: scoreOf(p1, seed),
    passAtK: scoreOf(pk, seed),
    majAtK: scoreOf(maj, seed),
  };
}

/** Mean of per-item values in [0, 1] with a percentile bootstrap 95% interval over items. */
export function scoreOf(values: readonly number[], seed = 0, resamples = 2000): ScoreWithCi {
  const n = values.length;
  if (n === 0) return { score: 0, ci95: [0, 0] };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const rand = mulberry32(seed ^ 0x5f3759df);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rand() * n)];
    means[r] = sum / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))];
  return { score: round6(mean), ci95: [round6(at(0.025)), round6(at(0.975))] };
}

/**
 * Judges whose verdict is decided by the extracted final answer, so that a vote over answers means
 * something (format@1 extracts an answer too, but judges the layout around it).
 */
const VOTING_JUDGES = /^(answer-correctness|exact-match)@\d+$/;

/** The eval summary's `sampled` block of one judge; maj@k only for the judges above. */
export function sampledSummaryOf(
  judge: string,
  verdicts: readonly VerdictRow[],
): (Omit<SampledScores, "majAtK"> & { majAtK?: ScoreWithCi }) | undefined {
  const s = sampledScores(verdicts);
  if (!s) return undefined;
  if (VOTING_JUDGES.test(judge)) return s;
  const { majAtK: _maj, ...rest } = s;
  return rest;
}
