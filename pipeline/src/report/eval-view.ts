// The view of a run's extra eval (runs/<id>/evals/<name>/) that the site shows on its eval page
// and serves as `runs/<id>/evals/<name>.json`: the eval's manifest (dataset, settings, the model
// it used and a note), its summary, and one item per prediction with every judge's verdict; items
// sampled k times also carry their samples and, per judge, how many samples were right and the
// majority answer (report/pass-at-k.ts's vote). Pure and browser-safe (type-only imports).
//
//   const view = toEvalView(readEvalFolder(root, runId, "demo-k8"));
//   view.items[0].sampled?.["answer-correctness@1"]  // { correct: 3, k: 8, majority: "12", majorityCorrect: true }
//   compareRuns([evalCompareInput(configA, evalA), evalCompareInput(configB, evalB)], judge)
import type { EvalManifest } from "../schemas/eval.ts";
import type { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import type { CompareInput } from "./compare.ts";
import type { EvalFolder } from "./evals-reader.ts";
import { majorityVote } from "./pass-at-k.ts";
import { joinItems, type RunItem, runJudges } from "./run-view.ts";

export interface SampledCell {
  /** Samples judged correct, of k. */
  correct: number;
  k: number;
  /** The majority answer (normalised; null when no sample had one) and whether it is right. */
  majority: string | null;
  majorityCorrect: boolean;
}

export interface EvalItem extends RunItem {
  /** Tokens cut from the prompt to fit the context (absent: none). */
  promptTruncatedTokens?: number;
  /** Every generation of a sampled item, the first being `output`. */
  samples?: NonNullable<PredictionRow["samples"]>;
  /** Judge → its verdicts over the samples. */
  sampled?: Record<string, SampledCell>;
}

export interface EvalView {
  run: string;
  name: string;
  manifest: EvalManifest;
  summary: EvalSummary | null;
  judges: string[];
  items: EvalItem[];
}

export function toEvalView(
  folder: Pick<EvalFolder, "name" | "manifest" | "summary" | "predictions" | "verdicts">,
): EvalView {
  const bySample = new Map<string, Record<string, SampledCell>>();
  for (const v of folder.verdicts) {
    if (!v.samples) continue;
    const cell = bySample.get(v.id) ?? {};
    cell[v.judge] = sampledCell(v);
    bySample.set(v.id, cell);
  }
  const extra = new Map(folder.predictions.map((p) => [p.id, p]));
  return {
    run: folder.manifest.run,
    name: folder.name,
    manifest: folder.manifest,
    summary: folder.summary ?? null,
    judges: runJudges(folder.summary, folder.verdicts),
    items: joinItems(folder.predictions, folder.verdicts).map((item) => {
      const p = extra.get(item.id)!;
      return {
        ...item,
        ...(p.promptTruncatedTokens ? { promptTruncatedTokens: p.promptTruncatedTokens } : {}),
        ...(p.samples ? { samples: p.samples } : {}),
        ...(bySample.has(item.id) ? { sampled: bySample.get(item.id) } : {}),
      };
    }),
  };
}

/**
 * An extra eval as `compareRuns` input: named `<run>/<eval>`, its items with every verdict (and
 * their samples), and as its config the run's config, the eval's generation settings and model.
 */
export function evalCompareInput(
  runConfig: CompareInput["config"],
  folder: Pick<EvalFolder, "name" | "manifest" | "predictions" | "verdicts">,
): CompareInput {
  return {
    id: `${folder.manifest.run}/${folder.name}`,
    config: {
      ...runConfig,
      eval: { generation: folder.manifest.generation, model: folder.manifest.model },
    } as CompareInput["config"],
    items: joinItems(folder.predictions, folder.verdicts),
  };
}

function sampledCell(v: VerdictRow): SampledCell {
  const samples = v.samples ?? [];
  const vote = majorityVote(samples);
  return {
    correct: samples.filter((s) => s.correct).length,
    k: samples.length,
    majority: vote.answer,
    majorityCorrect: vote.correct,
  };
}
