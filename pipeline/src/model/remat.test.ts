// Activation checkpointing changes memory, not numbers: the same loss and gradients with and
// without it (full fine-tuning and LoRA with dropout), a whole training step included, and the
// outer gradient tape survives the nested recomputation.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./backend.ts";
import { type CausalLM, type ModelInput, paramName } from "./causal-lm.ts";
import { createGpt, type GptConfig } from "./families/gpt.ts";
import { attachLora } from "./lora.ts";
import { sparseCrossEntropy } from "./loss.ts";
import { Prng } from "./prng.ts";

const cfg: GptConfig = {
  vocabSize: 53,
  layers: 3,
  dModel: 16,
  heads: 4,
  kvHeads: 2,
  mlpHidden: 32,
  context: 24,
  positions: "rotary",
  tieEmbeddings: false,
};
const rng = new Prng(2);
const B = 2;
const T = 12;
const input: ModelInput = {
  ids: Int32Array.from({ length: B * T }, () => rng.int(cfg.vocabSize)),
  positions: Int32Array.from({ length: B * T }, (_, i) => (i % T) % 7),
  segments: Int32Array.from({ length: B * T }, (_, i) => (i % T < 7 ? 1 : 2)),
  batch: B,
  time: T,
};
const labels = Int32Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
const weights = Float32Array.from({ length: B * T }, (_, i) => (i % 3 ? 1 : 0));

function gradients(m: CausalLM, checkpoint: boolean) {
  const { value, grads } = tf.variableGrads(
    () =>
      sparseCrossEntropy(
        m.forward(input, undefined, { train: { seed: 3, step: 1 }, checkpoint }).hidden,
        m.head(),
        labels,
        weights,
        16,
        { headTrainable: m.headTrainable() },
      ).loss,
    [...m.trainable().values()],
  );
  const out = new Map(
    Object.entries(grads).map(([k, g]) => [paramName(k), Array.from(g.dataSync())] as const),
  );
  const loss = value.dataSync()[0];
  value.dispose();
  for (const g of Object.values(grads)) g.dispose();
  return { loss, out };
}

describe("activation checkpointing", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("full fine-tuning: identical loss and gradients for every parameter", () => {
    const m = createGpt(cfg, 4);
    const plain = gradients(m, false);
    const remat = gradients(m, true);
    expect(remat.loss).toBe(plain.loss);
    expect([...remat.out.keys()].sort()).toEqual([...plain.out.keys()].sort());
    for (const [name, g] of plain.out) {
      const r = remat.out.get(name) as number[];
      let worst = 0;
      for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i] - r[i]));
      expect(worst, name).toBeLessThan(1e-7);
    }
    // The outer tape survived: a second gradient computation in the same process still works.
    expect(gradients(m, true).loss).toBe(plain.loss);
    m.dispose();
  });

  it("LoRA with dropout: identical adapter gradients (the recomputation redraws the same mask)", () => {
    const m = createGpt(cfg, 5);
    attachLora(m, { r: 2, alpha: 4, dropout: 0.3, targetModules: ["attn.qkv", "mlp.fc"], rslora: false }, 1);
    const r2 = new Prng(6);
    for (const v of m.lora?.params().values() ?? [])
      v.assign(
        tf.tensor(
          Float32Array.from({ length: v.size }, () => r2.normal() * 0.2),
          v.shape,
        ),
      );
    const plain = gradients(m, false);
    const remat = gradients(m, true);
    expect(remat.loss).toBe(plain.loss);
    for (const [name, g] of plain.out) {
      const r = remat.out.get(name) as number[];
      for (let i = 0; i < g.length; i++) expect(Math.abs(g[i] - r[i]), name).toBeLessThan(1e-7);
    }
    m.dispose();
  });
});
