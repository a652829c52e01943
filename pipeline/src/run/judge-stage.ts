// The judge and summarize stages: judge stored predictions (never re-running inference) into
// `runs/<id>/verdicts.jsonl`, then aggregate them into `runs/<id>/eval_summary.json`.
// Both are pure functions of the files they read, so re-judging gives byte-identical output.
//
//   await judgeRunFolder({ root, runDir, judges: ["answer-correctness@1"] });
//   summarizeRunFolder({ root, runDir });
import path from "node:path";
import { TunixError } from "../errors.ts";
import { writeJsonAtomic, writeJsonlAtomic } from "../io/atomic.ts";
import { readJsonlFile } from "../io/jsonl-file.ts";
import { JUDGES } from "../judge/registry.ts";
import type { JudgeItem } from "../judge/types.ts";
import { summarizeRun } from "../report/summary.ts";
import { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { PREDICTIONS_FILE, traceFormatOf } from "./infer-stage.ts";
import { readRunManifest } from "./manifest.ts";

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
}): Promise<VerdictRow[]> {
  const runDir = path.resolve(opts.root, opts.runDir);
  const m = readRunManifest(runDir);
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
  const predictions = readPredictions(opts.root, runDir);
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
      const judge = JUDGES[name];
      rows.push(judge.judge ? judge.judge(item) : await judge.judgeAsync!(item, { runDir, root: opts.root }));
    }
  }
  writeJsonlAtomic(path.join(runDir, VERDICTS_FILE), rows);
  return rows;
}

export function summarizeRunFolder(opts: { root: string; runDir: string }): EvalSummary {
  const runDir = path.resolve(opts.root, opts.runDir);
  const m = readRunManifest(runDir);
  const predictions = readPredictions(opts.root, runDir);
  const vfile = path.join(runDir, VERDICTS_FILE);
  const verdicts = readJsonlFile(vfile, VerdictRow, path.relative(opts.root, vfile));
  const split = m.config.inference.split ?? m.config.dataset.evalSplit;
  const summary = summarizeRun(predictions, verdicts, { run: m.id, dataset: m.config.dataset.name, split });
  writeJsonAtomic(path.join(runDir, SUMMARY_FILE), summary);
  return summary;
}
