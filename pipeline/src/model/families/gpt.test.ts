// The GPT family and its loss: gradients against central finite differences for every parameter
// tensor (cpu backend), with and without grouped-query attention and a sliding window.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../backend.ts";
import { type ModelInput, paramName } from "../causal-lm.ts";
import { sparseCrossEntropy } from "../loss.ts";
import { Prng } from "../prng.ts";
import { createGpt, type GptConfig, type GptModel, gptParamShapes } from "./gpt.ts";

const tiny = (over: Partial<GptConfig> = {}): GptConfig => ({
  vocabSize: 29,
  layers: 2,
  dModel: 16,
  heads: 2,
  mlpHidden: 32,
  context: 16,
  positions: "learned",
  tieEmbeddings: true,
  ...over,
});

function randomBatch(seed: number, vocab: number, batch: number, time: number) {
  const rng = new Prng(seed);
  const n = batch * time;
  const input: ModelInput = {
    ids: Int32Array.from({ length: n }, () => rng.int(vocab)),
    positions: Int32Array.from({ length: n }, (_, i) => i % time),
    segments: new Int32Array(n).fill(1),
    batch,
    time,
  };
  const labels = Int32Array.from({ length: n }, () => rng.int(vocab));
  const weights = Float32Array.from({ length: n }, (_, i) => (i % time < 2 ? 0 : 1));
  return { input, labels, weights };
}

const lossTensor = (model: GptModel, b: ReturnType<typeof randomBatch>) => {
  const denom = b.weights.reduce((a, x) => a + x, 0);
  return sparseCrossEntropy(model.forward(b.input).hidden, model.head(), b.labels, b.weights, denom, {
    headTrainable: true,
  }).loss;
};

function lossOf(model: GptModel, b: ReturnType<typeof randomBatch>): number {
  return tf.tidy(() => lossTensor(model, b).dataSync()[0]);
}

function gradsOf(model: GptModel, b: ReturnType<typeof randomBatch>): Map<string, Float32Array> {
  const vars = [...model.params.values()];
  const { value, grads } = tf.variableGrads(() => lossTensor(model, b), vars);
  value.dispose();
  const out = new Map<string, Float32Array>();
  for (const [name, g] of Object.entries(grads)) {
    out.set(paramName(name), g.dataSync() as Float32Array);
    g.dispose();
  }
  return out;
}

describe("gpt on the cpu backend", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  for (const over of [
    {},
    { positions: "rotary" as const, tieEmbeddings: false },
    { positions: "rotary" as const, heads: 4, kvHeads: 2, slidingWindow: 3 },
  ]) {
    it(`gradients match finite differences for every parameter (${JSON.stringify(over)})`, () => {
      const cfg = tiny(over);
      const model = createGpt(cfg, 3);
      // Larger weights than the 0.02 init: gradients well above float32 noise in the loss.
      const rngInit = new Prng(9);
      for (const v of model.params.values()) {
        v.assign(
          tf.tidy(() =>
            tf.add(
              v,
              tf.tensor(
                Float32Array.from({ length: v.size }, () => rngInit.normal() * 0.3),
                v.shape,
              ),
            ),
          ),
        );
      }
      const batch = randomBatch(5, cfg.vocabSize, 2, 8);
      const grads = gradsOf(model, batch);
      expect([...grads.keys()].sort()).toEqual(
        gptParamShapes(cfg)
          .map(([n]) => n)
          .sort(),
      );
      const rng = new Prng(11);
      const eps = 1e-2;
      for (const [name, param] of model.params) {
        const g = grads.get(name) as Float32Array;
        const base = param.dataSync().slice() as Float32Array;
        // Direction: the gradient restricted to a sample of entries, normalised. A wrong gradient
        // anywhere in the sample changes the directional derivative.
        const dir = new Float32Array(base.length);
        for (let s = 0; s < Math.min(8, base.length); s++) {
          const i = rng.int(base.length);
          dir[i] = g[i] + (rng.next() - 0.5) * 1e-3;
        }
        const norm = Math.hypot(...dir);
        if (norm < 1e-6) continue;
        const analytic = dir.reduce((a, d, i) => a + (d / norm) * g[i], 0);
        const at = (sign: number) => {
          param.assign(
            tf.tensor(
              base.map((x, i) => x + (sign * eps * dir[i]) / norm),
              param.shape,
            ),
          );
          return lossOf(model, batch);
        };
        const numeric = (at(1) - at(-1)) / (2 * eps);
        param.assign(tf.tensor(base, param.shape));
        const rel = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-4);
        expect(rel, `${name}: analytic ${analytic} numeric ${numeric}`).toBeLessThan(1e-3);
      }
      model.dispose();
    });
  }
});
