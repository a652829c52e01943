// `sweep collect`: the sweep result (`runs/sweeps/<name>.json`) from the trials' run folders — every
// trial with its params, status, steps, rung losses, score and rank; failed trials with their error;
// the best trial; and the steps successive halving saved. Deterministic: the same run folders give
// the same bytes (no clock in the file).
//
// Ranking (the site shows it as is, no second tie-break): completed trials with a score, by the
// metric in the sweep's mode, then by lower eval loss, then by trial id.
//
//   const result = collectSweep(root, "smoke-lr");                 // pure read
//   writeSweepResult(root, result);                                // runs/sweeps/smoke-lr.json
import path from "node:path";
import { writeJsonAtomic } from "../io/atomic.ts";
import { hashValue } from "../io/json.ts";
import { METRIC_EVAL_LOSS, type SweepResult, type SweepTrialResult } from "../schemas/sweep.ts";
import { type Expansion, expandSweep } from "./expand.ts";
import { sweepResultFile } from "./load.ts";
import { readTrialState, type TrialState } from "./trial-state.ts";

export interface CollectOptions {
  /** Errors of trials that crashed before writing a run folder (from `sweep run`), by trial id. */
  errors?: ReadonlyMap<string, string>;
  /** An expansion already made (saves re-resolving every trial). */
  expansion?: Expansion;
}

export function collectSweep(root: string, ref: string, opts: CollectOptions = {}): SweepResult {
  const x = opts.expansion ?? expandSweep(root, ref);
  const { sweep } = x;
  const trials = x.trials.map((t): SweepTrialResult => {
    const s = readTrialState(root, t.runId);
    const finalLoss = lastEvalLoss(s);
    const judge = sweep.metric === METRIC_EVAL_LOSS ? undefined : s.summary?.judges[sweep.metric];
    const completed = s.status === "completed";
    const score = !completed
      ? null
      : judge
        ? judge.score
        : sweep.metric === METRIC_EVAL_LOSS
          ? finalLoss
          : null;
    const crashed = s.status === "missing" ? opts.errors?.get(t.id) : undefined;
    return {
      id: t.id,
      run: t.runId,
      params: t.params,
      status: crashed ? "failed" : s.status,
      score,
      ci95: completed && judge ? judge.ci95.wilson : null,
      evalLoss: finalLoss,
      steps: s.steps,
      rungs: (x.rungSteps ?? []).flatMap((step, rung) => {
        const loss = s.evalLoss.get(step);
        return loss === undefined ? [] : [{ rung, step, evalLoss: loss }];
      }),
      rank: null,
      error: crashed ? { stage: "run", message: crashed } : s.error,
    };
  });
  const ranked = trials.filter((t) => t.score !== null).sort((a, b) => compareTrials(a, b, sweep.mode));
  ranked.forEach((t, i) => {
    t.rank = i + 1;
  });
  const best = ranked[0];
  const saved = x.totalSteps
    ? trials.filter((t) => t.status === "stopped").reduce((a, t) => a + (x.totalSteps! - t.steps), 0)
    : 0;
  const trained = trials.reduce((a, t) => a + t.steps, 0);
  return {
    schemaVersion: 1,
    sweep: sweep.name,
    file: x.file,
    sweepHash: hashValue(sweep),
    base: x.base,
    metric: sweep.metric,
    mode: sweep.mode,
    scheduler:
      sweep.scheduler && x.rungSteps
        ? {
            kind: sweep.scheduler.kind,
            rungs: sweep.scheduler.rungs,
            eta: sweep.scheduler.eta,
            rungSteps: x.rungSteps,
          }
        : undefined,
    trials,
    best: best ? { trial: best.id, run: best.run, score: best.score! } : null,
    steps: { trained, full: trained + saved, saved },
  };
}

export function writeSweepResult(root: string, result: SweepResult): string {
  const rel = sweepResultFile(result.sweep);
  writeJsonAtomic(path.join(root, rel), result);
  return rel;
}

/** Better first: the metric in the sweep's mode, then lower eval loss, then trial id. */
export function compareTrials(a: SweepTrialResult, b: SweepTrialResult, mode: "max" | "min"): number {
  const sa = a.score ?? Number.NaN;
  const sb = b.score ?? Number.NaN;
  if (sa !== sb) return mode === "max" ? sb - sa : sa - sb;
  const la = a.evalLoss ?? Number.POSITIVE_INFINITY;
  const lb = b.evalLoss ?? Number.POSITIVE_INFINITY;
  if (la !== lb) return la < lb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Eval loss at the highest step evaluated. */
function lastEvalLoss(s: TrialState): number | null {
  let step = -1;
  let loss: number | null = null;
  for (const [k, v] of s.evalLoss) {
    if (k > step) {
      step = k;
      loss = v;
    }
  }
  return loss;
}
