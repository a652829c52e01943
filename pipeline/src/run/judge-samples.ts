// Judging one prediction row, every sample of it when it was generated k times: the verdict row is
// the judge's verdict on the first sample (so @1 scores read as before) plus `samples`, each
// sample's correct and extracted answer, in sample order (the summary's pass@k and maj@k). An
// extra eval's summary is described by its eval.json (dataset, split, name), the run's own by its
// config. Used by run/judge-stage.ts.
//
//   const row = await judgePrediction(JUDGES["answer-correctness@1"], item, prediction, ctx);
//   row.samples?.map((s) => s.correct)
import type { Judge, JudgeContext, JudgeItem } from "../judge/types.ts";
import type { SummaryMeta } from "../report/summary.ts";
import type { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import type { RunManifest } from "../schemas/run.ts";
import { readEvalManifest } from "./eval-target.ts";

export async function judgePrediction(
  judge: Judge,
  item: JudgeItem,
  p: PredictionRow,
  ctx: JudgeContext,
): Promise<VerdictRow> {
  const one = (it: JudgeItem) => (judge.judge ? judge.judge(it) : judge.judgeAsync!(it, ctx));
  const first = await one(item);
  if (!p.samples) return first;
  const samples = [{ correct: first.correct, extracted: first.extracted }];
  for (const s of p.samples.slice(1)) {
    const v = await one({ ...item, prediction: s.output, finishReason: s.finishReason });
    samples.push({ correct: v.correct, extracted: v.extracted });
  }
  return { ...first, samples };
}

/** What a summary of the run's own eval (no `name`) or of its extra eval `name` is about. */
export function summaryMetaOf(root: string, runDir: string, m: RunManifest, name?: string): SummaryMeta {
  if (name === undefined) {
    return {
      run: m.id,
      dataset: m.config.dataset.name,
      split: m.config.inference.split ?? m.config.dataset.evalSplit,
    };
  }
  const e = readEvalManifest(root, runDir, name);
  return { run: m.id, dataset: e.dataset.name, split: e.dataset.split, eval: name };
}
