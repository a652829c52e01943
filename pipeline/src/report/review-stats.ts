// Statistics of human review: the people's verdicts (share true, Wilson interval) and rubric scores
// (mean, bootstrap interval), and each judge's agreement with them — Cohen's kappa between the
// judge's verdict and the people's verdict for that judge (with a bootstrap interval over the
// pairs), Spearman's rho between the judge's score (`details.score` when numeric, else 1/0) and each
// criterion's scores. Every (reviewer, item) rating is one observation; nulls ("not rated") count
// nowhere. Pure and deterministic (seeded bootstrap).
//
//   const s = summarizeReviews([{ reviewer: "ana", rows }], verdicts);   // undefined: nothing rated
//   cohenKappa([[true, true], [false, true]]);                            // { n: 2, agree: 0.5, kappa: 0 }
import { mulberry32 } from "../random.ts";
import type { HumanReviewSummary, ReviewRow } from "../schemas/review.ts";
import type { VerdictRow } from "../schemas/rows.ts";
import { round6, wilsonInterval } from "./stats.ts";

export interface ReviewerFile {
  reviewer: string;
  rows: readonly ReviewRow[];
}

const RESAMPLES = 2000;

/** Cohen's kappa of paired binary ratings; null when chance agreement is 1 (both sides constant and equal). */
export function cohenKappa(pairs: readonly (readonly [boolean, boolean])[]): {
  n: number;
  agree: number;
  kappa: number | null;
} {
  const n = pairs.length;
  if (n === 0) return { n, agree: 0, kappa: null };
  let agree = 0;
  let a1 = 0;
  let b1 = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    if (a) a1++;
    if (b) b1++;
  }
  const po = agree / n;
  const pe = (a1 / n) * (b1 / n) + (1 - a1 / n) * (1 - b1 / n);
  return { n, agree: round6(po), kappa: pe === 1 ? null : round6((po - pe) / (1 - pe)) };
}

/** Spearman's rho: Pearson's r of the average ranks; null with fewer than 2 pairs or a constant side. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length || xs.length < 2) return null;
  const rx = averageRanks(xs);
  const ry = averageRanks(ys);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : round6(sxy / Math.sqrt(sxx * syy));
}

/** 1-based ranks, ties sharing the mean of their ranks. */
export function averageRanks(v: readonly number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** The judge's score of a verdict: `details.score` when it is a number, else 1 or 0. */
export function judgeScore(v: VerdictRow): number {
  const s = v.details?.score;
  return typeof s === "number" && Number.isFinite(s) ? s : v.correct ? 1 : 0;
}

export function summarizeReviews(
  files: readonly ReviewerFile[],
  verdicts: readonly VerdictRow[],
): HumanReviewSummary | undefined {
  const rated = files.flatMap((f) => f.rows.filter(hasRating).map((row) => ({ reviewer: f.reviewer, row })));
  if (rated.length === 0) return undefined;
  const verdictOf = new Map(
    verdicts.filter((v) => v.applicable !== false).map((v) => [`${v.judge}\u0000${v.id}`, v]),
  );

  const human: Record<string, boolean[]> = {};
  const scores: Record<string, number[]> = {};
  const pairs: Record<string, [boolean, boolean][]> = {};
  const ranked: Record<string, Record<string, { judge: number[]; human: number[] }>> = {};
  let disagreements = 0;
  for (const { row } of rated) {
    let differs = false;
    for (const [judge, call] of Object.entries(row.verdicts)) {
      if (call === null) continue;
      slot(human, judge, () => []).push(call);
      const v = verdictOf.get(`${judge}\u0000${row.id}`);
      if (!v) continue;
      slot(pairs, judge, () => []).push([v.correct, call]);
      if (v.correct !== call) differs = true;
    }
    if (differs) disagreements++;
    for (const [criterion, score] of Object.entries(row.scores)) {
      if (score === null) continue;
      slot(scores, criterion, () => []).push(score);
      for (const v of verdicts) {
        if (v.id !== row.id || v.applicable === false) continue;
        const cell = slot(
          slot(ranked, v.judge, () => ({})),
          criterion,
          (): { judge: number[]; human: number[] } => ({ judge: [], human: [] }),
        );
        cell.judge.push(judgeScore(v));
        cell.human.push(score);
      }
    }
  }
  const agreement: HumanReviewSummary["agreement"] = {};
  for (const judge of [...new Set([...Object.keys(pairs), ...Object.keys(ranked)])].sort()) {
    const p = pairs[judge];
    const r = ranked[judge];
    agreement[judge] = {
      ...(p ? { kappa: { ...cohenKappa(p), ci95: kappaInterval(p) } } : {}),
      ...(r
        ? {
            spearman: Object.fromEntries(
              Object.keys(r)
                .sort()
                .map((c) => [c, { n: r[c].human.length, rho: spearman(r[c].judge, r[c].human) }]),
            ),
          }
        : {}),
    };
  }
  return {
    reviewers: [...new Set(rated.map((r) => r.reviewer))].sort(),
    items: new Set(rated.map((r) => r.row.id)).size,
    ratings: rated.length,
    verdicts: Object.fromEntries(
      Object.keys(human)
        .sort()
        .map((j) => {
          const yes = human[j].filter(Boolean).length;
          const n = human[j].length;
          return [j, { n, yes, share: round6(yes / n), ci95: wilsonInterval(yes, n) }];
        }),
    ),
    scores: Object.fromEntries(
      Object.keys(scores)
        .sort()
        .map((c) => [
          c,
          { n: scores[c].length, mean: round6(meanOf(scores[c])), ci95: meanInterval(scores[c]) },
        ]),
    ),
    agreement,
    disagreements,
    fixtures: rated.filter((r) => r.row.fixture).length,
  };
}

/** `record[key]`, created by `make` when absent. */
function slot<T>(record: Record<string, T>, key: string, make: () => T): T {
  if (!(key in record)) record[key] = make();
  return record[key];
}

function hasRating(row: ReviewRow): boolean {
  return (
    Object.values(row.verdicts).some((v) => v !== null) || Object.values(row.scores).some((s) => s !== null)
  );
}

function meanOf(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** Percentile bootstrap interval of a mean (seeded). */
function meanInterval(v: readonly number[]): [number, number] {
  const rand = mulberry32(0x5eed);
  const means = new Float64Array(RESAMPLES);
  for (let r = 0; r < RESAMPLES; r++) {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[Math.floor(rand() * v.length)];
    means[r] = s / v.length;
  }
  means.sort();
  return [round6(means[Math.floor(0.025 * RESAMPLES)]), round6(means[Math.ceil(0.975 * RESAMPLES) - 1])];
}

/** Percentile bootstrap interval of kappa over the pairs; null when too few resamples define it. */
function kappaInterval(pairs: readonly [boolean, boolean][]): [number, number] | null {
  const rand = mulberry32(0x6a77a);
  const ks: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const sample = Array.from({ length: pairs.length }, () => pairs[Math.floor(rand() * pairs.length)]);
    const k = cohenKappa(sample).kappa;
    if (k !== null) ks.push(k);
  }
  if (ks.length < RESAMPLES / 2) return null;
  ks.sort((a, b) => a - b);
  return [round6(ks[Math.floor(0.025 * ks.length)]), round6(ks[Math.ceil(0.975 * ks.length) - 1])];
}
