// Generation: KV-cache decoding gives exactly the tokens of full recomputation at temperature 0
// (learned and rotary positions, left padding); sampling is reproducible per seed and independent
// of batching; stop strings and maxNewTokens end rows with the right finish reason.

import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../model/backend.ts";
import { createGpt, type GptConfig, type GptModel } from "../model/families/gpt.ts";
import { loadModelFolder } from "../model/model-folder.ts";
import { Prng } from "../model/prng.ts";
import { createByteTokenizer } from "../model/tokenizers/index.ts";
import { trainRun } from "../train/sft.ts";
import { fixtureExamples, tinyConfig } from "../train/test-fixtures.ts";
import { generate } from "./generate.ts";

const tok = createByteTokenizer();
const PROMPTS = [
  "<start_of_turn>user\n2+2?<end_of_turn>\n<start_of_turn>model\n",
  "hi",
  "a longer prompt, with more bytes in it",
];

function randomModel(over: Partial<GptConfig>): GptModel {
  const cfg: GptConfig = {
    vocabSize: tok.vocabSize,
    layers: 2,
    dModel: 32,
    heads: 2,
    mlpHidden: 64,
    context: 96,
    positions: "learned",
    tieEmbeddings: true,
    ...over,
  };
  const model = createGpt(cfg, 4);
  // Larger weights than the init, so the next-token distribution is far from uniform.
  const rng = new Prng(8);
  for (const v of model.params.values()) {
    v.assign(
      tf.tidy(() =>
        tf.add(
          v,
          tf.tensor(
            Float32Array.from({ length: v.size }, () => rng.normal() * 0.2),
            v.shape,
          ),
        ),
      ),
    );
  }
  return model;
}

describe("generate", () => {
  beforeAll(async () => {
    await initBackend("wasm");
  });

  const kvCases: [string, Partial<GptConfig>][] = [
    ["learned", { positions: "learned" }],
    ["rotary", { positions: "rotary" }],
    ["rotary, 2 kv heads for 4 query heads", { positions: "rotary", heads: 4, kvHeads: 2 }],
    // A window of 6 is shorter than every prompt here (≥ 3 tokens plus 24 new): the cache drops keys.
    ["rotary, sliding window 6, 1 kv head", { positions: "rotary", heads: 4, kvHeads: 1, slidingWindow: 6 }],
  ];
  for (const [label, over] of kvCases) {
    it(`KV-cache decoding equals full recomputation at temperature 0 (${label})`, async () => {
      const model = randomModel(over);
      const tensorsBefore = tf.memory().numTensors;
      const cached = await generate(model, tok, PROMPTS, { maxNewTokens: 24, batchSize: 3 });
      const full = await generate(model, tok, PROMPTS, { maxNewTokens: 24, batchSize: 3, noCache: true });
      expect(cached.map((g) => g.text)).toEqual(full.map((g) => g.text));
      expect(cached.map((g) => g.outputTokens)).toEqual(full.map((g) => g.outputTokens));
      // Padding must not change a row: the same prompt alone gives the same text.
      const alone = await generate(model, tok, [PROMPTS[1]], { maxNewTokens: 24 });
      expect(alone[0].text).toBe(cached[1].text);
      expect(cached[1].promptTokens).toBe(3);
      // Every cache, mask and logits tensor of the decoding loop is freed.
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      model.dispose();
    });
  }

  for (const positions of ["learned", "rotary"] as const) {
    it(`a long prompt does not cut its batch-mates short (${positions})`, async () => {
      const model = randomModel({ positions, context: 48 });
      const long = "x".repeat(40); // 41 tokens with bos: 7 left before the context is full
      const [alone] = await generate(model, tok, ["hi"], { maxNewTokens: 20 });
      const [withLong, longOut] = await generate(model, tok, ["hi", long], { maxNewTokens: 20 });
      expect(withLong.text).toBe(alone.text);
      expect(withLong.outputTokens).toBe(alone.outputTokens);
      expect(longOut.outputTokens).toBeLessThanOrEqual(7);
      if (longOut.finishReason === "length") expect(longOut.outputTokens).toBe(7);
    });
  }

  it("a prompt the context cannot hold keeps bos and its last tokens, and says how many it lost", async () => {
    const model = randomModel({ positions: "rotary", context: 48 });
    const long = "abcdefghij".repeat(6); // 60 bytes: only 46 fit beside bos with room for one token
    const [cut] = await generate(model, tok, [long], { maxNewTokens: 8 });
    expect(cut.promptTokens).toBe(47);
    expect(cut.promptTruncatedTokens).toBe(14);
    // The same as giving the model bos + the kept tail (the old code dropped bos instead).
    const [tail] = await generate(model, tok, [long.slice(14)], { maxNewTokens: 8 });
    expect(tail.promptTruncatedTokens).toBe(0);
    expect(cut.text).toBe(tail.text);
    expect(cut.outputTokens).toBeLessThanOrEqual(1);
    const [fits] = await generate(model, tok, ["hi"], { maxNewTokens: 4 });
    expect(fits.promptTruncatedTokens).toBe(0);
  });

  it("sampling follows the seed keys, not the position of a prompt in the call", async () => {
    const model = randomModel({});
    const opts = { maxNewTokens: 12, decoding: "sample" as const, temperature: 1.5, seed: 5 };
    const ab = await generate(model, tok, [PROMPTS[0], PROMPTS[2]], {
      ...opts,
      seedKeys: [["a"], ["b"]],
    });
    const ba = await generate(model, tok, [PROMPTS[2], PROMPTS[0]], {
      ...opts,
      seedKeys: [["b"], ["a"]],
    });
    expect([ba[1].text, ba[0].text]).toEqual(ab.map((g) => g.text));
    // Same prompt, other keys: other draws.
    const twice = await generate(model, tok, [PROMPTS[0], PROMPTS[0]], { ...opts, seedKeys: [["a"], ["c"]] });
    expect(twice[0].text).toBe(ab[0].text);
    expect(twice[1].text).not.toBe(twice[0].text);
  });

  it("sampling is reproducible with a seed and does not depend on batching", async () => {
    const model = randomModel({});
    const opts = {
      maxNewTokens: 16,
      decoding: "sample" as const,
      temperature: 1.2,
      topK: 50,
      topP: 0.95,
      seed: 3,
    };
    const a = await generate(model, tok, PROMPTS, { ...opts, batchSize: 3 });
    const b = await generate(model, tok, PROMPTS, { ...opts, batchSize: 1 });
    const c = await generate(model, tok, PROMPTS, { ...opts, seed: 4 });
    expect(b.map((g) => g.text)).toEqual(a.map((g) => g.text));
    expect(c.map((g) => g.text)).not.toEqual(a.map((g) => g.text));
  });

  it("a trained model answers; end-of-turn, stop strings and maxNewTokens end rows", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    const config = tinyConfig(
      { steps: 100, schedule: "constant", weightDecay: 0, logEvery: 50, lr: 1e-2, batchSize: 8 },
      { positions: "rotary" },
    );
    const examples = fixtureExamples(8);
    const s = await trainRun({ root, runDir: "runs/gen", config, examples: { train: examples, eval: [] } });
    const { model, tokenizer } = await loadModelFolder(s.modelDir as string);
    const prompts = examples.map((e) => e.prompt);
    const want = examples.map((e) => e.completion.replace("<end_of_turn>", ""));
    const free = await generate(model, tokenizer, prompts, { maxNewTokens: 20, batchSize: 3 });
    expect(free.map((g) => g.text)).toEqual(want);
    expect(free.every((g) => g.finishReason === "stop")).toBe(true);
    const full = await generate(model, tokenizer, prompts, { maxNewTokens: 20, batchSize: 3, noCache: true });
    expect(full.map((g) => g.text)).toEqual(want);
    const [cut] = await generate(model, tokenizer, [prompts[0]], { stop: [": "] });
    expect(cut).toMatchObject({ text: "Answer", finishReason: "stop" });
    const [short] = await generate(model, tokenizer, [prompts[0]], { maxNewTokens: 3 });
    expect(short).toMatchObject({ text: "Ans", finishReason: "length", outputTokens: 3 });
  });
});
