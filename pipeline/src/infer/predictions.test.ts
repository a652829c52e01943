// predictExamples on a tiny random model, no files: one row per example in example order, carrying
// the trace's gold fields; at greedy decoding the rows do not depend on the batch size; progress
// is reported per batch up to the total; with k samples a row keeps all k (seeded per item, so the
// rows do not depend on the batch size either); shards are whole batches that cover the items once.
// (The run-folder side is run/infer-stage.test.ts and run/infer-shards.test.ts.)
import { beforeAll, describe, expect, it } from "vitest";
import { GEMMA_TEMPLATE } from "../dataset/chat-template.ts";
import type { Example } from "../dataset/examples.ts";
import { initBackend } from "../model/backend.ts";
import { FAMILIES } from "../model/families.ts";
import { createByteTokenizer } from "../model/tokenizers/index.ts";
import { RunConfig } from "../schemas/config.ts";
import type { Trace } from "../schemas/trace.ts";
import {
  type GenerationSettings,
  generationSettingsOf,
  itemsPerBatch,
  type PredictionModel,
  predictExamples,
  shardRange,
} from "./predictions.ts";

const tok = createByteTokenizer();
const config = RunConfig.parse({
  schemaVersion: 1,
  seed: 3,
  dataset: { name: "fixture" },
  model: { layers: 1, dModel: 16, heads: 2, context: 96 },
  inference: { maxNewTokens: 6, batchSize: 2 },
});
let model: PredictionModel;

function exampleOf(i: number): Example {
  const trace: Trace = {
    schemaVersion: 1,
    id: `q-${i}`,
    source: "fixture/sums",
    prompt: `${i}+${i * 2}?`,
    steps: Array.from({ length: i % 3 }, (_, k) => ({ text: `step ${k + 1}` })),
    answer: String(i * 3),
    category: i % 2 ? "arithmetic/odd" : "arithmetic/even",
    difficulty: 1 + (i % 4),
  };
  return { id: trace.id, prompt: GEMMA_TEMPLATE.renderPrompt(trace.prompt), completion: "", trace };
}
const EXAMPLES = Array.from({ length: 5 }, (_, i) => exampleOf(i + 1));
const withoutMs = <T extends { ms: number }>(rows: T[]) => rows.map(({ ms: _ms, ...r }) => r);

beforeAll(async () => {
  await initBackend("cpu");
  model = await FAMILIES.gpt.open(config.model, { root: ".", vocabSize: tok.vocabSize, seed: 7 });
});

describe("generationSettingsOf", () => {
  it("takes the inference block and the run seed", () => {
    expect(generationSettingsOf(config)).toEqual({
      maxNewTokens: 6,
      decoding: "greedy",
      temperature: 1,
      topK: 0,
      topP: 1,
      stop: [],
      seed: 3,
      batchSize: 2,
    });
  });
});

describe("predictExamples", () => {
  it("writes one row per example, in order, with the trace's gold fields", async () => {
    const rows = await predictExamples(model, tok, EXAMPLES, generationSettingsOf(config));
    expect(rows.map((r) => r.id)).toEqual(EXAMPLES.map((e) => e.id));
    rows.forEach((r, i) => {
      const t = EXAMPLES[i].trace;
      expect(r).toMatchObject({
        schemaVersion: 1,
        prompt: t.prompt,
        gold: t.answer,
        source: t.source,
        category: t.category,
        difficulty: t.difficulty,
        goldSteps: t.steps.length,
      });
      expect(r.promptTokens).toBeGreaterThan(t.prompt.length);
      expect(r.outputTokens).toBeLessThanOrEqual(6);
      if (r.finishReason === "length") expect(r.outputTokens).toBe(6);
    });
  });

  it("gives the same rows at greedy decoding whatever the batch size, reporting progress per batch", async () => {
    const gen = generationSettingsOf(config);
    const progress: [number, number][] = [];
    const byTwo = await predictExamples(model, tok, EXAMPLES, gen, (d, t) => progress.push([d, t]));
    const byOne = await predictExamples(model, tok, EXAMPLES, { ...gen, batchSize: 1 });
    const byAll = await predictExamples(model, tok, EXAMPLES, { ...gen, batchSize: 5 });
    expect(withoutMs(byOne)).toEqual(withoutMs(byTwo));
    expect(withoutMs(byAll)).toEqual(withoutMs(byTwo));
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });
});

describe("samples", () => {
  it("keeps every sample of an item, the first as its output, whatever the batch size", async () => {
    const gen: GenerationSettings = {
      ...generationSettingsOf(config),
      decoding: "sample",
      temperature: 2,
      samples: 3,
      batchSize: 3,
    };
    const rows = await predictExamples(model, tok, EXAMPLES, gen);
    for (const r of rows) {
      expect(r.samples).toHaveLength(3);
      expect(r.samples?.[0]).toEqual({
        output: r.output,
        finishReason: r.finishReason,
        outputTokens: r.outputTokens,
      });
    }
    // Samples of one item differ (temperature 2 on a random model), and batching does not matter.
    expect(new Set(rows[0].samples?.map((s) => s.output)).size).toBeGreaterThan(1);
    const wide = await predictExamples(model, tok, EXAMPLES, { ...gen, batchSize: 12 });
    expect(withoutMs(wide)).toEqual(withoutMs(rows));
    expect(generationSettingsOf(RunConfig.parse({ ...config, inference: { samples: 4 } })).samples).toBe(4);
  });
});

describe("shardRange", () => {
  const gen = (batchSize: number, samples?: number): GenerationSettings => ({
    ...generationSettingsOf(config),
    batchSize,
    ...(samples ? { samples } : {}),
  });
  const cases: [string, number, GenerationSettings, number, [number, number][]][] = [
    [
      "10 items in batches of 2, 3 shards",
      10,
      gen(2),
      3,
      [
        [0, 2],
        [2, 6],
        [6, 10],
      ],
    ],
    [
      "7 items in batches of 4, 2 shards",
      7,
      gen(4),
      2,
      [
        [0, 4],
        [4, 7],
      ],
    ],
    [
      "more shards than batches",
      3,
      gen(2),
      4,
      [
        [0, 0],
        [0, 2],
        [2, 2],
        [2, 3],
      ],
    ],
    [
      "k = 4 samples in batches of 8 (2 items a batch)",
      9,
      gen(8, 4),
      3,
      [
        [0, 2],
        [2, 6],
        [6, 9],
      ],
    ],
    ["one shard", 5, gen(16), 1, [[0, 5]]],
  ];
  for (const [label, total, g, count, want] of cases) {
    it(label, () => {
      const got = Array.from({ length: count }, (_, i) => shardRange(total, g, { index: i + 1, count }));
      expect(got).toEqual(want);
      // Every shard starts at a batch boundary, so its batches are those of the unsharded run.
      for (const [from] of got) expect(from % itemsPerBatch(g) === 0 || from === total).toBe(true);
    });
  }
});
