// Prediction rows from a loaded model: generate an answer for each example, `batchSize` prompts at
// a time, and pair each generation with its trace's gold answer, source, category, difficulty and
// step count. Pure of files and run folders: run/infer-stage.ts loads the model and the examples,
// checks them against run.json and writes predictions.jsonl.
//
//   const gen = generationSettingsOf(config);
//   const rows = await predictExamples(model, tokenizer, examples, gen, (done, total) => …);
import type { Example } from "../dataset/examples.ts";
import type { Tokenizer } from "../model/tokenizers/index.ts";
import type { RunConfig } from "../schemas/config.ts";
import type { PredictionRow } from "../schemas/rows.ts";
import { generate } from "./generate.ts";

/** The model `generate` decodes with (whatever the model interface of the day is). */
export type PredictionModel = Parameters<typeof generate>[0];

/** Decoding settings of a run, as recorded in run.json's `generation`. */
export interface GenerationSettings {
  maxNewTokens: number;
  decoding: RunConfig["inference"]["decoding"];
  temperature: number;
  topK: number;
  topP: number;
  stop: string[];
  seed: number;
  /** Prompts decoded together. */
  batchSize: number;
}

/** The generation settings a run config asks for (its `inference` block and its seed). */
export function generationSettingsOf(cfg: RunConfig): GenerationSettings {
  const inf = cfg.inference;
  return {
    maxNewTokens: inf.maxNewTokens,
    decoding: inf.decoding,
    temperature: inf.temperature,
    topK: inf.topK,
    topP: inf.topP,
    stop: inf.stop,
    seed: cfg.seed,
    batchSize: inf.batchSize,
  };
}

/** One prediction row per example, in example order; `onProgress` after each batch. */
export async function predictExamples(
  model: PredictionModel,
  tokenizer: Tokenizer,
  examples: readonly Example[],
  gen: GenerationSettings,
  onProgress?: (done: number, total: number) => void,
): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for (let start = 0; start < examples.length; start += gen.batchSize) {
    const batch = examples.slice(start, start + gen.batchSize);
    const outs = await generate(
      model,
      tokenizer,
      batch.map((e) => e.prompt),
      gen,
    );
    outs.forEach((g, i) => {
      const t = batch[i].trace;
      rows.push({
        schemaVersion: 1,
        id: t.id,
        prompt: t.prompt,
        output: g.text,
        finishReason: g.finishReason,
        gold: t.answer,
        source: t.source,
        category: t.category,
        difficulty: t.difficulty,
        goldSteps: t.steps.length,
        promptTokens: g.promptTokens,
        outputTokens: g.outputTokens,
        ms: Math.round(g.ms),
      });
    });
    onProgress?.(Math.min(start + gen.batchSize, examples.length), examples.length);
  }
  return rows;
}
