// Regression check of a run against the baselines of `configs/baselines.yaml`: for each baseline on
// the same dataset, the run and the baseline run are compared item by item on the baseline's metric
// (report/compare.ts), and the verdict is decided on the *paired* difference over the items both
// runs judged (n = common items): a drop beyond the tolerance (in the baseline's direction) is a
// regression. Both scores shown are over those n items; when the item sets differ the row is
// flagged and each run's score over all its own items is kept beside, for reference only (a score
// over 405 items and one over 40 are never subtracted). No common item at all: the row cannot be
// decided and the report fails (`incomparable`), it never passes silently.
//
//   const r = regressRun(root, "demo-1234abcd", baselines);  // r.failed → exit 1 in the CLI
import { TunixError } from "../errors.ts";
import type { Baselines } from "../schemas/baselines.ts";
import { compareRuns } from "./compare.ts";
import { toRunView } from "./run-view.ts";
import { readRunFolder } from "./runs-reader.ts";

export type RegressionVerdict = "ok" | "regressed" | "skipped" | "incomparable";

export interface RegressionRow {
  baseline: string;
  baselineRun: string;
  metric: string;
  direction: "higher" | "lower";
  tolerance: number;
  verdict: RegressionVerdict;
  /** Why the baseline was not applied (skipped) or could not be decided (incomparable). */
  reason?: string;
  /** Items both runs judged: the n of the scores, the delta and the paired statistics. */
  n?: number;
  /** The baseline's score over the n common items. */
  baselineScore?: number;
  /** The run's score over the n common items. */
  score?: number;
  /** score − baselineScore over the n common items: what the verdict is decided on. */
  delta?: number;
  /** Paired comparison over the n common items. */
  paired?: { fixed: number; broken: number; mcnemarP: number; deltaCi95: [number, number] };
  /** Set when the item sets differ: items judged by one run only, and each run's score over all its own items. */
  itemsDiffer?: {
    onlyRun: number;
    onlyBaseline: number;
    runScore: { score: number; n: number };
    baselineScore: { score: number; n: number };
  };
  regressed: boolean;
}

export interface RegressionReport {
  run: string;
  rows: RegressionRow[];
  regressed: boolean;
  /** A baseline could not be decided (no common items). */
  incomparable: boolean;
  /** regressed or incomparable: the CLI exits 1. */
  failed: boolean;
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
    const skip = (reason: string): RegressionRow => ({
      ...base,
      verdict: "skipped",
      reason,
      regressed: false,
    });
    if (b.run === runId) return skip("the run is this baseline");
    const ref = readRunFolder(root, b.run);
    const dataset = run.manifest.config.dataset.name;
    if (ref.manifest.config.dataset.name !== dataset)
      return skip(`baseline is on dataset ${ref.manifest.config.dataset.name}, the run on ${dataset}`);
    for (const [folder, id] of [
      [run, runId],
      [ref, b.run],
    ] as const) {
      if (folder.summary?.judges[b.metric] === undefined) {
        throw new TunixError("E_STATE", {
          file: `runs/${id}/eval_summary.json`,
          field: `judges.${b.metric}`,
          expected: `a score of ${b.metric}`,
          found: "none",
          hint: `judge the run first: tunix-rt judge runs/${id} --judge ${b.metric}`,
        });
      }
    }
    const c = compareRuns([toRunView(ref), toRunView(run)], b.metric);
    const pair = c.pairs[0];
    const itemsDiffer = pair.sameItems
      ? undefined
      : {
          onlyRun: pair.onlyB,
          onlyBaseline: pair.onlyA,
          runScore: { score: c.scores[1].score, n: c.scores[1].n },
          baselineScore: { score: c.scores[0].score, n: c.scores[0].n },
        };
    if (pair.delta === null || pair.scoreA === null || pair.scoreB === null) {
      return {
        ...base,
        verdict: "incomparable",
        reason: `no item judged by both runs (${pair.onlyB} in the run, ${pair.onlyA} in the baseline)`,
        n: 0,
        itemsDiffer,
        regressed: false,
      };
    }
    const delta = pair.delta;
    const regressed = b.direction === "higher" ? delta < -b.tolerance : delta > b.tolerance;
    return {
      ...base,
      verdict: regressed ? "regressed" : "ok",
      n: pair.common,
      baselineScore: pair.scoreA,
      score: pair.scoreB,
      delta,
      paired: {
        fixed: pair.fixed,
        broken: pair.broken,
        mcnemarP: pair.mcnemarP as number,
        deltaCi95: pair.deltaCi95 as [number, number],
      },
      itemsDiffer,
      regressed,
    };
  });
  const regressed = rows.some((r) => r.regressed);
  const incomparable = rows.some((r) => r.verdict === "incomparable");
  return { run: runId, rows, regressed, incomparable, failed: regressed || incomparable };
}

/** The report as Markdown (job summaries and PR comments). */
export function formatRegression(r: RegressionReport): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const signed = (x: number) => `${x >= 0 ? "+" : ""}${pct(x)}`;
  const status = r.regressed ? "**regressed**" : r.incomparable ? "**not comparable**" : "ok";
  const lines = [`### Regression check of \`${r.run}\`: ${status}`, ""];
  lines.push(
    "| baseline | metric | n (common items) | baseline score | score | Δ | paired 95% CI of Δ | McNemar p | verdict |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  const notes: string[] = [];
  for (const row of r.rows) {
    const name = `${row.baseline} (\`${row.baselineRun}\`)`;
    if (row.verdict === "skipped" || row.verdict === "incomparable") {
      const label = row.verdict === "skipped" ? "skipped" : "**not comparable**";
      lines.push(`| ${name} | ${row.metric} | ${row.n ?? ""} | | | | | | ${label}: ${row.reason} |`);
    } else {
      const p = row.paired!;
      const verdict = row.regressed ? `**regressed** (tolerance ${pct(row.tolerance)})` : "ok";
      lines.push(
        `| ${name} | ${row.metric} | ${row.n} | ${pct(row.baselineScore!)} | ${pct(row.score!)} | ${signed(row.delta!)} | ${signed(p.deltaCi95[0])} … ${signed(p.deltaCi95[1])} | ${p.mcnemarP} | ${verdict} |`,
      );
    }
    const d = row.itemsDiffer;
    if (d) {
      notes.push(
        `- ⚠ ${row.baseline}: the item sets differ (${d.onlyRun} only in the run, ${d.onlyBaseline} only in the baseline); scores and Δ above are over the ${row.n} common items. Over all their own items: run ${pct(d.runScore.score)} (n=${d.runScore.n}), baseline ${pct(d.baselineScore.score)} (n=${d.baselineScore.n}) — not a paired comparison.`,
      );
    }
  }
  if (notes.length) lines.push("", ...notes);
  return lines;
}
