// Batching and loss masking: completion-only labels, truncation, packing without cross-example
// attention (packed logits equal the logits of each example alone), seeded data order.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../model/backend.ts";
import { createGpt } from "../model/families/gpt.ts";
import { sparseCrossEntropy } from "../model/loss.ts";
import { createByteTokenizer } from "../model/tokenizers/index.ts";
import { BatchStream, collate, tokenizeExamples, type Unit } from "./batching.ts";
import { fixtureExamples } from "./test-fixtures.ts";

const tok = createByteTokenizer();
const model = () =>
  createGpt(
    {
      vocabSize: tok.vocabSize,
      layers: 2,
      dModel: 32,
      heads: 2,
      mlpHidden: 64,
      context: 64,
      positions: "learned",
      tieEmbeddings: true,
    },
    2,
  );

function lossOf(m: ReturnType<typeof model>, units: Unit[]): number {
  const b = collate(
    units.map((u) => [u]),
    tok.padId,
  );
  return tf.tidy(
    () =>
      sparseCrossEntropy(m.forward(b.input).hidden, m.head(), b.labels, b.weights, b.lossTokens, {
        headTrainable: true,
      }).loss.dataSync()[0],
  );
}

describe("batching", () => {
  beforeAll(async () => {
    await initBackend("wasm");
  });

  it("puts loss on completion tokens only, and on all tokens with loss: all", () => {
    const [ex] = fixtureExamples(1);
    const [u] = tokenizeExamples([ex], tok, { maxLength: 64, loss: "completion" });
    const promptLen = 1 + tok.encode(ex.prompt).length;
    const completionLen = tok.encode(ex.completion).length;
    expect(u.ids.length).toBe(promptLen + completionLen - 1);
    expect(u.weights.reduce((a, b) => a + b, 0)).toBe(completionLen);
    expect(u.weights[promptLen - 1]).toBe(1); // predicts the first completion token
    expect(u.weights[promptLen - 2]).toBe(0);
    const [all] = tokenizeExamples([ex], tok, { maxLength: 64, loss: "all" });
    expect(all.weights.every((w) => w === 1)).toBe(true);
    const [cut] = tokenizeExamples([ex], tok, { maxLength: 10, loss: "all" });
    expect(cut.ids.length).toBe(10);
  });

  it("changing only prompt labels leaves the completion loss unchanged; with loss: all it changes", () => {
    const m = model();
    const exs = fixtureExamples(3);
    for (const mode of ["completion", "all"] as const) {
      const units = tokenizeExamples(exs, tok, { maxLength: 64, loss: mode });
      const changed = units.map((u) => {
        const labels = u.labels.slice();
        const promptLabels = tokenizeExamples([exs[0]], tok, { maxLength: 64, loss: "completion" })[0]
          .weights;
        for (let i = 0; i < labels.length; i++)
          if (promptLabels[i] === 0) labels[i] = (labels[i] + 7) % tok.vocabSize;
        return { ...u, labels };
      });
      const same = lossOf(m, units) === lossOf(m, changed);
      expect(same, mode).toBe(mode === "completion");
    }
  });

  it("packing: each packed example gets the logits it gets alone (no cross-example attention)", () => {
    const m = model();
    const units = tokenizeExamples(fixtureExamples(3), tok, { maxLength: 64, loss: "all" }).map((u) => ({
      ids: u.ids.slice(0, 20),
      labels: u.labels.slice(0, 20),
      weights: u.weights.slice(0, 20),
    }));
    const packed = collate([units], tok.padId);
    expect(Array.from(packed.input.segments.slice(18, 22))).toEqual([1, 1, 2, 2]);
    expect(Array.from(packed.input.positions.slice(18, 22))).toEqual([18, 19, 0, 1]);
    const logitsPacked = tf.tidy(() => m.logits(m.forward(packed.input).hidden).dataSync());
    units.forEach((u, k) => {
      const alone = tf.tidy(() => m.logits(m.forward(collate([[u]], tok.padId).input).hidden).dataSync());
      const part = logitsPacked.slice(k * 20 * tok.vocabSize, (k + 1) * 20 * tok.vocabSize);
      let worst = 0;
      for (let i = 0; i < part.length; i++) worst = Math.max(worst, Math.abs(part[i] - alone[i]));
      expect(worst, `example ${k}`).toBeLessThan(1e-4);
    });
  });

  it("orders data by seed and epoch, and packs rows up to maxLength", () => {
    const units = tokenizeExamples(fixtureExamples(10), tok, { maxLength: 64, loss: "completion" });
    const firstIds = (seed: number) => {
      const s = new BatchStream(units, {
        batchSize: 2,
        maxLength: 64,
        packing: false,
        seed,
        padId: tok.padId,
      });
      return Array.from({ length: 6 }, () => Array.from(s.next().input.ids).join(","));
    };
    expect(firstIds(1)).toEqual(firstIds(1));
    expect(firstIds(1)).not.toEqual(firstIds(2));
    const s = new BatchStream(units, {
      batchSize: 2,
      maxLength: 64,
      packing: false,
      seed: 1,
      padId: tok.padId,
    });
    expect(s.batchesInEpoch()).toBe(5);
    for (let i = 0; i < 6; i++) s.next();
    expect(s.cursor).toEqual({ epoch: 1, batchIndex: 1 });
    const packed = new BatchStream(units, {
      batchSize: 2,
      maxLength: 200,
      packing: true,
      seed: 1,
      padId: tok.padId,
    });
    const b = packed.next();
    expect(b.input.time).toBeLessThanOrEqual(200);
    expect(Math.max(...b.input.segments)).toBeGreaterThan(1);
  });
});
