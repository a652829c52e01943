// Sweep → trials. Each trial is the base run config with `--set` overrides, resolved through the
// same `loadRunConfig` that `tunix-rt run <base> --set …` uses, so the trial a workflow job runs is
// exactly the one listed here. Deterministic: the same sweep file gives the same trials, ids and
// run ids on every machine.
//
//   const x = expandSweep(root, "smoke-lr");
//   x.trials[0] // { id: "t000", params, sets: ["training.lr=0.0042", …, "name=smoke-lr-t000", "tags=[…]"], runId, config }
//
// Order and ids: grid points × samples (schemas/sweep.ts); trial index = sample × grid points +
// grid point, id `t` + the index (3 digits at least), so raising `trials` only appends trials. A
// trial whose values equal an earlier one's would train the same run: it is dropped and listed in
// `duplicates`.
import path from "node:path";
import { type Problem, TunixError } from "../errors.ts";
import { hashValue } from "../io/json.ts";
import { type LoadedConfig, loadRunConfig } from "../run/config-load.ts";
import { lockHashOf, runIdFor } from "../run/manifest.ts";
import type { RunConfig } from "../schemas/config.ts";
import { METRIC_EVAL_LOSS, type SweepConfig } from "../schemas/sweep.ts";
import { rungSteps } from "./halving.ts";
import { type LoadedSweep, loadSweep } from "./load.ts";
import { gridPoints, type Params, sampledPaths, sampleValues } from "./space.ts";
import { checkPaths, remapProblems } from "./space-errors.ts";

export interface Trial {
  id: string;
  /** Sample index and grid point index. */
  sample: number;
  grid: number;
  /** Searched path → value, in the space's key order. */
  params: Params;
  /** What `tunix-rt run <base>` is given, in order: the params, then `name` and `tags`. */
  sets: string[];
  /** Run name `<sweep>-<id>`; the run folder is `runs/<runId>/`. */
  name: string;
  runId: string;
  config: RunConfig;
}

export interface Expansion extends LoadedSweep {
  /** Repository-relative base run config. */
  base: string;
  trials: Trial[];
  duplicates: { id: string; sameAs: string }[];
  /** Steps of each rung (successive halving), else undefined. */
  rungSteps?: number[];
  /** Each trial's full budget in optimizer steps, when the configs give `training.steps`. */
  totalSteps?: number;
}

/** The tag every trial carries; the site and `collect` find trials by it. */
export function sweepTag(name: string): string {
  return `sweep:${name}`;
}

export function expandSweep(root: string, ref: string): Expansion {
  const loaded = loadSweep(root, ref);
  const { sweep, file, lineOf } = loaded;
  const base = path.posix.normalize(sweep.base);
  const baseConfig = loadRunConfig(root, base);
  checkPaths(sweep, file, lineOf);
  checkMetric(sweep, baseConfig, file, lineOf);

  const points = gridPoints(sweep.space);
  const samples = sampledPaths(sweep.space).length > 0 ? sweep.trials : 1;
  const width = Math.max(3, String(points.length * samples - 1).length);
  const lockHash = lockHashOf(root, baseConfig.config.dataset.name);
  const tags = JSON.stringify([...baseConfig.config.tags, sweepTag(sweep.name)]);
  const trials: Trial[] = [];
  const duplicates: Expansion["duplicates"] = [];
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (let s = 0; s < samples; s++) {
    const drawn = sampleValues(sweep.space, sweep.seed, s);
    for (let g = 0; g < points.length; g++) {
      const id = `t${String(s * points.length + g).padStart(width, "0")}`;
      const merged = { ...points[g], ...drawn };
      const params = Object.fromEntries(Object.keys(sweep.space).map((p) => [p, merged[p]]));
      const key = hashValue(params);
      const earlier = seen.get(key);
      if (earlier) {
        duplicates.push({ id, sameAs: earlier });
        continue;
      }
      seen.set(key, id);
      const name = `${sweep.name}-${id}`;
      const sets = [
        ...Object.entries(params).map(([p, v]) => `${p}=${JSON.stringify(v)}`),
        `name=${name}`,
        `tags=${tags}`,
      ];
      let config: LoadedConfig;
      try {
        config = loadRunConfig(root, base, sets);
      } catch (err) {
        if (!(err instanceof TunixError)) throw err;
        problems.push(...remapProblems(err.problems, sweep, file, lineOf, baseConfig.config, id, params));
        continue;
      }
      const runId = runIdFor(name, config.config, lockHash);
      trials.push({ id, sample: s, grid: g, params, sets, name, runId, config: config.config });
    }
  }
  if (problems.length > 0) throw new TunixError("E_SCHEMA", dedupe(problems));
  const steps = baseConfig.config.training.steps;
  const totalSteps = trials.every((t) => t.config.training.steps === steps) ? steps : undefined;
  let rungs: number[] | undefined;
  if (sweep.scheduler) {
    if (totalSteps === undefined) {
      throw new TunixError("E_SCHEMA", {
        file,
        line: lineOf(["scheduler"]),
        field: "scheduler",
        expected: `training.steps set in ${base} (the full budget every rung is a fraction of)`,
        found: "a budget in epochs",
        hint: "successive halving needs a fixed number of steps; do not search training.steps/epochs with it",
      });
    }
    rungs = rungSteps(totalSteps, sweep.scheduler.rungs, sweep.scheduler.eta, file, lineOf(["scheduler"]));
  }
  return { ...loaded, base, trials, duplicates, rungSteps: rungs, totalSteps };
}

/** A judge metric must be one of the base config's judges. */
function checkMetric(
  sweep: SweepConfig,
  base: LoadedConfig,
  file: string,
  lineOf: LoadedSweep["lineOf"],
): void {
  if (sweep.metric === METRIC_EVAL_LOSS || base.config.judges.includes(sweep.metric)) return;
  throw new TunixError("E_SCHEMA", {
    file,
    line: lineOf(["metric"]),
    field: "metric",
    expected: `eval-loss or a judge of ${base.configPath} (${base.config.judges.join(", ")})`,
    found: JSON.stringify(sweep.metric),
    hint: "add the judge to the base config's judges, or pick another metric",
  });
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}|${p.field}|${p.expected}|${p.found}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
