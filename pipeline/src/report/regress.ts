// Regression check of a run against the baselines of `configs/baselines.yaml`: for each baseline on
// the same dataset, the run's score on the baseline's metric is compared with the baseline run's;
// a drop beyond the tolerance (in the baseline's direction) is a regression. The paired item-level
// comparison (flips, exact McNemar p, Newcombe interval of the delta) comes from report/compare.ts.
//
//   const r = regressRun(root, "demo-1234abcd", baselines);  // r.regressed → exit 1 in the CLI
import { TunixError } from "../errors.ts";
import type { Baselines } from "../schemas/baselines.ts";
import { compareRuns } from "./compare.ts";
import { toRunView } from "./run-view.ts";
import { readRunFolder } from "./runs-reader.ts";

export interface RegressionRow {
  baseline: string;
  baselineRun: string;
  metric: string;
  direction: "higher" | "lower";
  tolerance: number;
  /** Why the baseline was not applied, when it was not. */
  skipped?: string;
  baselineScore?: number;
  score?: number;
  /** score − baselineScore over all items of each run. */
  delta?: number;
  /** Paired comparison over the items both runs judged. */
  paired?: { common: number; fixed: number; broken: number; mcnemarP: number; deltaCi95: [number, number] };
  regressed: boolean;
}

export interface RegressionReport {
  run: string;
  rows: RegressionRow[];
  regressed: boolean;
}

export function regressRun(root: string, runId: string, baselines: Baselines): RegressionReport {
  const run = readRunFolder(root, runId);
  const rows: RegressionRow[] = baselines.baselines.map((b) => {
    const base = {
      baseline: b.name,
      baselineRun: b.run,
      metric: b.metric,
      direction: b.direction,
      tolerance: b.tolerance,
    };
    if (b.run === runId) return { ...base, skipped: "the run is this baseline", regressed: false };
    const ref = readRunFolder(root, b.run);
    const dataset = run.manifest.config.dataset.name;
    if (ref.manifest.config.dataset.name !== dataset) {
      return {
        ...base,
        skipped: `baseline is on dataset ${ref.manifest.config.dataset.name}, the run on ${dataset}`,
        regressed: false,
      };
    }
    const score = run.summary?.judges[b.metric]?.score;
    const baselineScore = ref.summary?.judges[b.metric]?.score;
    if (score === undefined || baselineScore === undefined) {
      const missing = score === undefined ? runId : b.run;
      throw new TunixError("E_STATE", {
        file: `runs/${missing}/eval_summary.json`,
        field: `judges.${b.metric}`,
        expected: `a score of ${b.metric}`,
        found: "none",
        hint: `judge the run first: tunix-rt judge runs/${missing} --judge ${b.metric}`,
      });
    }
    const pair = compareRuns([toRunView(ref), toRunView(run)], b.metric).pairs[0];
    // Scores carry 6 decimals: round the difference so 0.7 − 0.8 is −0.1, not −0.10000000000000009.
    const delta = Math.round((score - baselineScore) * 1e6) / 1e6;
    const regressed = b.direction === "higher" ? delta < -b.tolerance : delta > b.tolerance;
    return {
      ...base,
      baselineScore,
      score,
      delta,
      paired: {
        common: pair.common,
        fixed: pair.fixed,
        broken: pair.broken,
        mcnemarP: pair.mcnemarP,
        deltaCi95: pair.deltaCi95,
      },
      regressed,
    };
  });
  return { run: runId, rows, regressed: rows.some((r) => r.regressed) };
}

/** The report as Markdown (job summaries and PR comments). */
export function formatRegression(r: RegressionReport): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [`### Regression check of \`${r.run}\`: ${r.regressed ? "**regressed**" : "ok"}`, ""];
  lines.push(
    "| baseline | metric | baseline score | score | Δ | paired 95% CI of Δ | McNemar p | verdict |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const row of r.rows) {
    if (row.skipped) {
      lines.push(
        `| ${row.baseline} (\`${row.baselineRun}\`) | ${row.metric} | | | | | | skipped: ${row.skipped} |`,
      );
      continue;
    }
    const p = row.paired!;
    lines.push(
      `| ${row.baseline} (\`${row.baselineRun}\`) | ${row.metric} | ${pct(row.baselineScore!)} | ${pct(row.score!)} | ${row.delta! >= 0 ? "+" : ""}${pct(row.delta!)} | ${pct(p.deltaCi95[0])} … ${pct(p.deltaCi95[1])} | ${p.mcnemarP} | ${row.regressed ? `regressed (tolerance ${pct(row.tolerance)})` : "ok"} |`,
    );
  }
  return lines;
}
