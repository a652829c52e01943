// The GitHub Actions matrix of a sweep (`sweep expand --matrix`): one job per trial, each with the
// base config and the `--set` overrides that `tunix-rt run` is given (space-separated, as the
// pipeline workflow's `overrides` input takes them), the expected run id, and the rung step to stop
// at. GitHub runs at most 256 jobs per matrix, so a larger sweep goes in waves (`--wave k`, one
// dispatch each). With successive halving, `--rung r` lists the trials promoted to rung r, decided
// from the run folders of rung r − 1 (imported with `sweep import`).
//
//   const m = sweepMatrix(root, expandSweep(root, "smoke-lr"), { wave: 1 });
//   m.matrix  // '{"include":[{"trial":"t000","run":"smoke-lr-t000-…","config":"configs/runs/tiny.yaml",…}]}'
import { TunixError } from "../errors.ts";
import type { Expansion } from "./expand.ts";
import { rungMembers } from "./halving.ts";
import { readTrialState } from "./trial-state.ts";

export const MAX_MATRIX_JOBS = 256;
/** sweep.yml has a job for each of at most this many rungs. */
export const MAX_WORKFLOW_RUNGS = 4;

export interface MatrixEntry {
  trial: string;
  run: string;
  config: string;
  overrides: string;
  /** Rung step to stop at; 0: train in full. */
  "stop-at-step": number;
  /** Continue from the previous rung's run folder and checkpoint. */
  resume: boolean;
}

/** Step outputs for `tunix-rt report outputs`: scalars only, the matrix as a JSON string for fromJSON. */
export interface MatrixOutputs {
  /** The sweep's name (its result is runs/sweeps/<sweep>.json). */
  sweep: string;
  matrix: string;
  jobs: number;
  trials: number;
  wave: number;
  waves: number;
  rung: number;
  rungs: number;
  maxParallel: number;
}

export function sweepMatrix(
  root: string,
  x: Expansion,
  opts: { wave?: number; rung?: number } = {},
): MatrixOutputs {
  const rung = opts.rung ?? 0;
  const rungs = x.rungSteps?.length ?? 1;
  if (!Number.isInteger(rung) || rung < 0 || rung >= rungs) {
    throw new TunixError("E_USAGE", {
      field: "--rung",
      expected: x.rungSteps ? `a rung in 0..${rungs - 1}` : "0 (the sweep has no scheduler)",
      found: String(opts.rung),
    });
  }
  let jobs = x.trials.map((t) => ({ t, stop: 0 }));
  if (x.rungSteps && x.sweep.scheduler) {
    // Every rung ranks all the trials of the one before it, so they must fit in one workflow run.
    if (rungs > MAX_WORKFLOW_RUNGS || x.trials.length > MAX_MATRIX_JOBS) {
      throw new TunixError("E_SCHEMA", {
        file: x.file,
        field: "scheduler",
        expected: `at most ${MAX_WORKFLOW_RUNGS} rungs and ${MAX_MATRIX_JOBS} trials for the sweep workflow`,
        found: `${rungs} rungs, ${x.trials.length} trials`,
        hint: `run it locally (tunix-rt sweep run ${x.sweep.name}), or use fewer rungs or trials`,
      });
    }
    const steps = x.rungSteps;
    const byId = new Map(x.trials.map((t) => [t.id, t]));
    const lossAt = (id: string, step: number) =>
      readTrialState(root, byId.get(id)!.runId).evalLoss.get(step) ?? null;
    const ids = rungMembers([...byId.keys()], rung, x.sweep.scheduler.eta, steps, lossAt);
    jobs = ids.map((id) => ({ t: byId.get(id)!, stop: rung === rungs - 1 ? 0 : steps[rung] }));
  }
  const waves = Math.max(1, Math.ceil(jobs.length / MAX_MATRIX_JOBS));
  const wave = opts.wave ?? 1;
  if (!Number.isInteger(wave) || wave < 1 || wave > waves) {
    throw new TunixError("E_USAGE", {
      field: "--wave",
      expected: `a wave in 1..${waves} (${jobs.length} jobs, at most ${MAX_MATRIX_JOBS} per wave)`,
      found: String(opts.wave),
    });
  }
  const include = jobs
    .slice((wave - 1) * MAX_MATRIX_JOBS, wave * MAX_MATRIX_JOBS)
    .map(({ t, stop }): MatrixEntry => {
      const spaced = t.sets.find((s) => /\s/.test(s));
      if (spaced) {
        throw new TunixError("E_SCHEMA", {
          file: x.file,
          field: `space.${spaced.split("=")[0]}`,
          expected: "values without spaces (the workflow passes overrides space-separated)",
          found: JSON.stringify(spaced),
          hint: "run this sweep locally with `tunix-rt sweep run`, or pick values without spaces",
        });
      }
      return {
        trial: t.id,
        run: t.runId,
        config: x.base,
        overrides: t.sets.join(" "),
        "stop-at-step": stop,
        resume: rung > 0,
      };
    });
  return {
    sweep: x.sweep.name,
    matrix: JSON.stringify({ include }),
    jobs: include.length,
    trials: x.trials.length,
    wave,
    waves,
    rung,
    rungs,
    maxParallel: x.sweep.maxParallel,
  };
}
