// The judge and summarize stages: judge stored predictions (never re-running inference) into
// `runs/<id>/verdicts.jsonl`, then aggregate them into `runs/<id>/eval_summary.json`.
// Both are pure functions of the files they read, so re-judging gives byte-identical output.
// With `eval: <name>` they judge and summarize the extra eval in `runs/<id>/evals/<name>/` instead;
// items sampled k times are judged sample by sample (run/judge-samples.ts). The run's own summary
// also summarises people's ratings in runs/<id>/reviews/ (run/review.ts), when there are any.
//
//   await judgeRunFolder({ root, runDir, judges: ["answer-correctness@1"] });
//   summarizeRunFolder({ root, runDir });
//   await judgeRunFolder({ root, runDir, eval: "gsm8k-test" }); summarizeRunFolder({ root, runDir, eval: "gsm8k-test" });
import path from "node:path";
import { TunixError } from "../errors.ts";
import { writeJsonAtomic, writeJsonlAtomic } from "../io/atomic.ts";
import { pathInRepo } from "../io/confine.ts";
import { readJsonlFile } from "../io/jsonl-file.ts";
import { JUDGES } from "../judge/registry.ts";
import type { JudgeItem } from "../judge/types.ts";
import { summarizeRun } from "../report/summary.ts";
import { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { evalDirOf, readEvalManifest } from "./eval-target.ts";
import { PREDICTIONS_FILE, traceFormatOf } from "./infer-stage.ts";
import { judgePrediction, summaryMetaOf } from "./judge-samples.ts";
import { readRunManifest } from "./manifest.ts";
import { checkDatasetProvenance } from "./provenance.ts";
import { readRunReviews } from "./review.ts";

export const VERDICTS_FILE = "verdicts.jsonl";
export const SUMMARY_FILE = "eval_summary.json";

export function readPredictions(root: string, runDir: string): PredictionRow[] {
  const file = path.join(runDir, PREDICTIONS_FILE);
  return readJsonlFile(file, PredictionRow, path.relative(root, file));
}

export async function judgeRunFolder(opts: {
  root: string;
  runDir: string;
  judges?: string[];
  /** An extra eval of the run (runs/<id>/evals/<name>/). */
  eval?: string;
}): Promise<VerdictRow[]> {
  const runDir = pathInRepo(opts.root, opts.runDir, { field: "run folder" });
  // An eval that does not exist is named as such (not as a missing predictions file).
  if (opts.eval !== undefined) readEvalManifest(opts.root, runDir, opts.eval);
  const dir = evalDirOf(runDir, opts.eval);
  const m = readRunManifest(runDir);
  // The run's own eval split must still be the one it recorded (run/provenance.ts).
  if (opts.eval === undefined)
    checkDatasetProvenance(opts.root, m, m.config.inference.split ?? m.config.dataset.evalSplit, "judging");
  const names = [...new Set(opts.judges ?? m.config.judges)].sort();
  for (const name of names) {
    if (!JUDGES[name]) {
      throw new TunixError("E_USAGE", {
        field: "judges",
        expected: `one of ${Object.keys(JUDGES).join(", ")}`,
        found: JSON.stringify(name),
        hint: "see pipeline/src/judge/registry.ts",
      });
    }
  }
  const traceFormat = traceFormatOf(opts.root, m) as JudgeItem["traceFormat"];
  const predictions = readPredictions(opts.root, dir);
  const rows: VerdictRow[] = [];
  for (const p of predictions) {
    const item: JudgeItem = {
      id: p.id,
      prediction: p.output,
      gold: p.gold,
      prompt: p.prompt,
      goldSteps: p.goldSteps,
      traceFormat,
      finishReason: p.finishReason,
      category: p.category,
    };
    for (const name of names) {
      rows.push(await judgePrediction(JUDGES[name], item, p, { runDir, root: opts.root }));
    }
  }
  writeJsonlAtomic(path.join(dir, VERDICTS_FILE), rows);
  return rows;
}

export function summarizeRunFolder(opts: { root: string; runDir: string; eval?: string }): EvalSummary {
  const runDir = pathInRepo(opts.root, opts.runDir, { field: "run folder" });
  const m = readRunManifest(runDir);
  const meta = summaryMetaOf(opts.root, runDir, m, opts.eval);
  const dir = evalDirOf(runDir, opts.eval);
  const predictions = readPredictions(opts.root, dir);
  const vfile = path.join(dir, VERDICTS_FILE);
  const verdicts = readJsonlFile(vfile, VerdictRow, path.relative(opts.root, vfile));
  // People's ratings belong to the run's own items (runs/<id>/reviews/), not to an extra eval.
  const reviews = opts.eval ? [] : readRunReviews(opts.root, runDir, new Set(predictions.map((p) => p.id)));
  const summary = summarizeRun(predictions, verdicts, meta, reviews);
  writeJsonAtomic(path.join(dir, SUMMARY_FILE), summary);
  return summary;
}
