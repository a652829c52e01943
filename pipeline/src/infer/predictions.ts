// Prediction rows from a loaded model: generate an answer for each example and pair it with its
// trace's gold answer, source, category, difficulty and step count. With `samples: k` (sampled
// decoding) every item is generated k times; the row keeps every sample and its `output` is the
// first. Each generation is seeded by its item's id (and sample number), so rows never depend on
// the batch size or on which shard of the items a process generates. Items are decoded in batches
// of `itemsPerBatch(gen)` (an item's samples share a batch); `shardRange` cuts the items into
// shards along those batches, so a shard's batches are the unsharded run's batches. Pure of files
// and run folders: run/infer-stage.ts loads the model and the examples and writes the rows.
//
//   const gen = generationSettingsOf(config);
//   const rows = await predictExamples(model, tokenizer, examples, gen, (done, total) => …);
//   const [from, to] = shardRange(examples.length, gen, { index: 2, count: 3 });
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
  /** Generations decoded together (an item with k samples counts k). */
  batchSize: number;
  /** Generations per item (sampled decoding); absent: one. */
  samples?: number;
}

/** One shard of the items: `index` counts from 1 to `count`. */
export interface Shard {
  index: number;
  count: number;
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
    ...(inf.samples !== undefined ? { samples: inf.samples } : {}),
  };
}

/** Generations per item. */
export function samplesOf(gen: GenerationSettings): number {
  return gen.samples ?? 1;
}

/** Items decoded together: `batchSize` generations, at least one item (all of its samples). */
export function itemsPerBatch(gen: GenerationSettings): number {
  return Math.max(1, Math.floor(gen.batchSize / samplesOf(gen)));
}

/** Items [from, to) of shard `index`/`count`: whole batches, as even as batches allow. */
export function shardRange(total: number, gen: GenerationSettings, shard: Shard): [number, number] {
  const per = itemsPerBatch(gen);
  const batches = Math.ceil(total / per);
  const first = Math.floor(((shard.index - 1) * batches) / shard.count);
  const end = Math.floor((shard.index * batches) / shard.count);
  return [Math.min(total, first * per), Math.min(total, end * per)];
}

/** One prediction row per example, in example order; `onProgress` after each batch. */
export async function predictExamples(
  model: PredictionModel,
  tokenizer: Tokenizer,
  examples: readonly Example[],
  gen: GenerationSettings,
  onProgress?: (done: number, total: number) => void,
): Promise<PredictionRow[]> {
  const k = samplesOf(gen);
  const per = itemsPerBatch(gen);
  const rows: PredictionRow[] = [];
  for (let start = 0; start < examples.length; start += per) {
    const batch = examples.slice(start, start + per);
    const prompts = batch.flatMap((e) => Array.from({ length: k }, () => e.prompt));
    // Seed keys: the item id (and the sample number when there are several).
    const seedKeys = batch.flatMap((e) => Array.from({ length: k }, (_, s) => (k > 1 ? [e.id, s] : [e.id])));
    const outs = await generate(model, tokenizer, prompts, { ...gen, batchSize: prompts.length, seedKeys });
    batch.forEach((e, i) => {
      const t = e.trace;
      const own = outs.slice(i * k, (i + 1) * k);
      const g = own[0];
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
        ...(g.promptTruncatedTokens > 0 ? { promptTruncatedTokens: g.promptTruncatedTokens } : {}),
        outputTokens: g.outputTokens,
        ...(k > 1
          ? {
              samples: own.map((s) => ({
                output: s.text,
                finishReason: s.finishReason,
                outputTokens: s.outputTokens,
              })),
            }
          : {}),
        ms: Math.round(own.reduce((sum, s) => sum + s.ms, 0)),
      });
    });
    onProgress?.(Math.min(start + per, examples.length), examples.length);
  }
  return rows;
}
