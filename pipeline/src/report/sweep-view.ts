// The trials of a sweep as the site shows them: each trial run's value of every searched parameter
// and its score on the sweep's metric, and the best trial by the sweep's mode. A run is a trial of
// sweep <name> when its config carries the tag `sweep:<name>`. Pure.
//
//   const { trials, best } = sweepTrials(sweep, runs); // runs: { manifest, summary } of every run
import type { RunManifest } from "../schemas/run.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import type { SweepConfig } from "../schemas/sweep.ts";

export interface SweepTrial {
  run: string;
  /** Dotted key → the value in the trial's resolved config. */
  params: Record<string, unknown>;
  /** Score on the sweep's metric (null: not judged yet). */
  score: number | null;
  ci95: [number, number] | null;
}

export function sweepTag(name: string): string {
  return `sweep:${name}`;
}

export function sweepTrials(
  sweep: SweepConfig,
  runs: readonly { manifest: RunManifest; summary: EvalSummary | null | undefined }[],
): { trials: SweepTrial[]; best: SweepTrial | undefined } {
  const tag = sweepTag(sweep.name);
  const trials = runs
    .filter((r) => r.manifest.config.tags.includes(tag))
    .map((r): SweepTrial => {
      const j = r.summary?.judges[sweep.metric];
      return {
        run: r.manifest.id,
        params: Object.fromEntries(Object.keys(sweep.space).map((k) => [k, valueAt(r.manifest.config, k)])),
        score: j ? j.score : null,
        ci95: j ? j.ci95.wilson : null,
      };
    })
    .sort((a, b) => (a.run < b.run ? -1 : a.run > b.run ? 1 : 0));
  let best: SweepTrial | undefined;
  for (const t of trials) {
    if (t.score === null) continue;
    if (!best || (sweep.mode === "max" ? t.score > best.score! : t.score < best.score!)) best = t;
  }
  return { trials, best };
}

function valueAt(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const k of dotted.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
