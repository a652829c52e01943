// Turns a run's predictions and verdicts into its eval summary: per judge the score, n, 95%
// intervals (Wilson and bootstrap) and breakdowns by category, difficulty, source and number of
// gold steps; plus format rate, truncation rate and mean output tokens. Pure: no I/O.
// A verdict marked not applicable (`applicable: false`) is left out of the score, n and breakdowns
// and counted in `notApplicable`, with `coverage` = n / (n + notApplicable); both appear for judges
// that report coverage (step-arithmetic@2) and for any judge with a not-applicable verdict.
// Items sampled k times (`samples` in their verdicts) add pass@1, pass@k and maj@k with bootstrap
// intervals per judge (report/pass-at-k.ts); prompts cut to fit the context are counted.
// People's ratings (runs/<id>/reviews/, when given) add `humanReview` (report/review-stats.ts).
import { JUDGES } from "../judge/registry.ts";
import type { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { sampledSummaryOf } from "./pass-at-k.ts";
import { type ReviewerFile, summarizeReviews } from "./review-stats.ts";
import { bootstrapInterval, round6, wilsonInterval } from "./stats.ts";

export interface SummaryMeta {
  run: string;
  dataset: string;
  split: string;
  /** The extra eval's name (runs/<id>/evals/<name>/); absent for the run's own eval. */
  eval?: string;
}

type Cell = { score: number; n: number; correct: number };

function breakdown(rows: { key: string; correct: boolean }[]): Record<string, Cell> {
  const acc = new Map<string, { n: number; correct: number }>();
  for (const r of rows) {
    const cur = acc.get(r.key) ?? { n: 0, correct: 0 };
    cur.n++;
    if (r.correct) cur.correct++;
    acc.set(r.key, cur);
  }
  const keys = [...acc.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return Object.fromEntries(
    keys.map((k) => {
      const c = acc.get(k)!;
      return [k, { score: round6(c.correct / c.n), n: c.n, correct: c.correct }];
    }),
  );
}

export function summarizeRun(
  predictions: readonly PredictionRow[],
  verdicts: readonly VerdictRow[],
  meta: SummaryMeta,
  reviews: readonly ReviewerFile[] = [],
): EvalSummary {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const judges = [...new Set(verdicts.map((v) => v.judge))].sort();
  const out: EvalSummary["judges"] = {};
  for (const judge of judges) {
    const all = verdicts.filter((v) => v.judge === judge && byId.has(v.id));
    const rows = all.filter((v) => v.applicable !== false);
    const notApplicable = all.length - rows.length;
    const outcomes = rows.map((v) => v.correct);
    const correct = outcomes.filter(Boolean).length;
    const n = rows.length;
    const keyed = (key: (p: PredictionRow) => string) =>
      rows.map((v) => ({ key: key(byId.get(v.id)!), correct: v.correct }));
    out[judge] = {
      score: n ? round6(correct / n) : 0,
      n,
      correct,
      ...(notApplicable > 0 || JUDGES[judge]?.reportsCoverage
        ? { notApplicable, coverage: all.length ? round6(n / all.length) : 0 }
        : {}),
      ci95: { wilson: wilsonInterval(correct, n), bootstrap: bootstrapInterval(outcomes, 2000, 0) },
      byCategory: breakdown(keyed((p) => p.category ?? "(none)")),
      byDifficulty: breakdown(keyed((p) => (p.difficulty === undefined ? "(none)" : String(p.difficulty)))),
      bySource: breakdown(keyed((p) => p.source)),
      bySteps: breakdown(keyed((p) => String(p.goldSteps))),
    };
    const sampled = sampledSummaryOf(judge, all);
    if (sampled) out[judge].sampled = sampled;
  }
  const cut = predictions.filter((p) => p.promptTruncatedTokens !== undefined).length;
  const n = predictions.length;
  const format = out["format@1"];
  return {
    schemaVersion: 1,
    run: meta.run,
    dataset: meta.dataset,
    split: meta.split,
    ...(meta.eval ? { eval: meta.eval } : {}),
    n,
    judges: out,
    formatRate: format ? format.score : null,
    truncationRate: n ? round6(predictions.filter((p) => p.finishReason === "length").length / n) : 0,
    ...(cut > 0 ? { truncatedPrompts: cut } : {}),
    meanOutputTokens: n ? round6(predictions.reduce((s, p) => s + p.outputTokens, 0) / n) : 0,
    ...withHumanReview(reviews, verdicts),
  };
}

function withHumanReview(reviews: readonly ReviewerFile[], verdicts: readonly VerdictRow[]) {
  const humanReview = reviews.length ? summarizeReviews(reviews, verdicts) : undefined;
  return humanReview ? { humanReview } : {};
}
