// What the site's sweep pages show of a sweep result, laid out from the file as written: trials in
// the result's rank order (no second tie-break), each rung's eval losses as one series per trial, the
// metric against each numeric parameter, and whether the result is stale (the sweep file changed
// after it was collected). Pure.
//
//   const v = sweepResultView(sweep, result);   // result: runs/sweeps/<name>.json, or null
//   v.rows, v.rungSeries, v.paramSeries, v.stale, formatMetric(v.metric, 3.2333)
import { hashValue } from "../io/json.ts";
import type { SweepConfig, SweepResult, SweepTrialResult } from "../schemas/sweep.ts";

export interface SeriesView {
  label: string;
  points: [number, number][];
  dashed?: boolean;
}

export interface SweepResultView {
  metric: string;
  keys: string[];
  /** Ranked trials first (rank 1 = best), then the unranked by id. */
  rows: SweepTrialResult[];
  /** Eval loss at each rung a trial reached; dashed: stopped early. Empty without a scheduler. */
  rungSeries: SeriesView[];
  /** Per numeric parameter: (value, score) of every scored trial. */
  paramSeries: { key: string; points: [number, number][] }[];
  stale: boolean;
}

export function sweepResultView(sweep: SweepConfig, result: SweepResult | null): SweepResultView {
  const keys = Object.keys(sweep.space);
  if (!result) return { metric: sweep.metric, keys, rows: [], rungSeries: [], paramSeries: [], stale: false };
  const rows = [...result.trials].sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : 1),
  );
  const rungSeries = result.scheduler
    ? result.trials
        .filter((t) => t.rungs.length > 0)
        .map((t) => ({
          label: t.id,
          points: t.rungs.map((r): [number, number] => [r.step, r.evalLoss]),
          dashed: t.status !== "completed",
        }))
    : [];
  const paramSeries = keys
    .map((key) => ({
      key,
      points: result.trials
        .filter((t) => t.score !== null && typeof t.params[key] === "number")
        .map((t): [number, number] => [t.params[key] as number, t.score as number]),
    }))
    .filter((s) => s.points.length > 0);
  return {
    metric: result.metric,
    keys,
    rows,
    rungSeries,
    paramSeries,
    stale: result.sweepHash !== hashValue(sweep),
  };
}

/** A judge score as a percentage, eval loss with 4 decimals. */
export function formatMetric(metric: string, x: number | null): string {
  if (x === null) return "—";
  return metric === "eval-loss" ? x.toFixed(4) : `${(100 * x).toFixed(1)}%`;
}
