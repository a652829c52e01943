// LoRA on the GPT family: a fresh adapter (B = 0) changes nothing, the adapter gradients match
// finite differences, merging folds the adapters into the base within 1e-5, only adapters train,
// and a target the family lacks is refused by name.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./backend.ts";
import { type CausalLM, type ModelInput, paramName } from "./causal-lm.ts";
import { createGpt, type GptConfig } from "./families/gpt.ts";
import { attachLora, type LoraConfig, mergeLora } from "./lora.ts";
import { sparseCrossEntropy } from "./loss.ts";
import { Prng } from "./prng.ts";

const cfg: GptConfig = {
  vocabSize: 41,
  layers: 2,
  dModel: 16,
  heads: 4,
  kvHeads: 2,
  mlpHidden: 24,
  context: 16,
  positions: "rotary",
  tieEmbeddings: true,
};
const lora = (over: Partial<LoraConfig> = {}): LoraConfig => ({
  r: 3,
  alpha: 6,
  dropout: 0,
  targetModules: ["attn.qkv", "attn.proj", "mlp.fc", "mlp.proj"],
  rslora: false,
  ...over,
});

const rng = new Prng(5);
const n = 2 * 10;
const input: ModelInput = {
  ids: Int32Array.from({ length: n }, () => rng.int(cfg.vocabSize)),
  positions: Int32Array.from({ length: n }, (_, i) => i % 10),
  segments: new Int32Array(n).fill(1),
  batch: 2,
  time: 10,
};
const labels = Int32Array.from({ length: n }, () => rng.int(cfg.vocabSize));
const weights = new Float32Array(n).fill(1);

const logitsOf = (m: CausalLM) => tf.tidy(() => Array.from(m.logits(m.forward(input).hidden).dataSync()));
const lossOf = (m: CausalLM) =>
  sparseCrossEntropy(m.forward(input).hidden, m.head(), labels, weights, n, {
    headTrainable: m.headTrainable(),
  }).loss;

/** Give every adapter matrix random values (a fresh B is zero, which hides most bugs). */
function randomiseAdapters(m: CausalLM, seed: number): void {
  const r = new Prng(seed);
  for (const v of m.lora?.params().values() ?? [])
    v.assign(
      tf.tensor(
        Float32Array.from({ length: v.size }, () => r.normal() * 0.3),
        v.shape,
      ),
    );
}

describe("LoRA", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("a fresh adapter (B = 0) leaves the logits exactly as the base model's", () => {
    const m = createGpt(cfg, 1);
    const base = logitsOf(m);
    attachLora(m, lora(), 7);
    expect(logitsOf(m)).toEqual(base);
    // Only the adapters train: A [in, r] and B [r, out] per targeted projection; the head is frozen.
    const names = [...m.trainable().keys()];
    expect(names).toHaveLength(2 * 4 * cfg.layers);
    expect(names).toContain("h.0.attn.qkv.lora_A");
    expect(m.trainable().get("h.1.attn.qkv.lora_B")?.shape).toEqual([3, 16 + 2 * 2 * 4]);
    expect(m.headTrainable()).toBe(false);
    // A is PEFT's kaiming-uniform: inside ±1/√in, and not all zero.
    const a = m.trainable().get("h.0.mlp.proj.lora_A")?.dataSync() as Float32Array;
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(24));
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.5 / Math.sqrt(24));
    m.dispose();
  });

  it("adapter gradients match central finite differences", () => {
    const m = createGpt(cfg, 2);
    attachLora(m, lora({ rslora: true }), 3);
    randomiseAdapters(m, 4);
    const vars = [...m.trainable().values()];
    const { value, grads } = tf.variableGrads(() => lossOf(m) as tf.Scalar, vars);
    value.dispose();
    const eps = 1e-2;
    const probe = new Prng(9);
    let checked = 0;
    for (const [vname, g] of Object.entries(grads)) {
      const v = m.trainable().get(paramName(vname)) as tf.Variable;
      const grad = g.dataSync();
      const base = v.dataSync().slice();
      for (let s = 0; s < 2; s++) {
        const i = probe.int(base.length);
        const at = (delta: number) => {
          const moved = base.slice();
          moved[i] += delta;
          v.assign(tf.tensor(moved, v.shape));
          return tf.tidy(() => lossOf(m).dataSync()[0]);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs(numeric - grad[i]), `${vname}[${i}]`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBe(2 * 2 * 4 * cfg.layers);
    m.dispose();
  });

  it("merged weights give the base + adapter logits within 1e-5", () => {
    const m = createGpt(cfg, 3);
    attachLora(m, lora({ targetModules: ["qkv", "mlp.proj"] }), 5);
    randomiseAdapters(m, 6);
    const adapted = logitsOf(m);
    expect(adapted).not.toEqual(logitsOf(createGpt(cfg, 3)));
    mergeLora(m);
    expect(m.lora).toBeUndefined();
    const merged = logitsOf(m);
    let worst = 0;
    for (let i = 0; i < merged.length; i++) worst = Math.max(worst, Math.abs(merged[i] - adapted[i]));
    expect(worst).toBeLessThan(1e-5);
    m.dispose();
  });

  it("refuses a target module the family does not have, naming it and the family's modules", () => {
    const m = createGpt(cfg, 4);
    expect(() => attachLora(m, lora({ targetModules: ["q_proj"] }), 1)).toThrow(
      /lora\.targetModules.*attn\.qkv.*q_proj/s,
    );
    m.dispose();
  });

  it("dropout is seeded by step: the same step gives the same loss, another step another", () => {
    const m = createGpt(cfg, 5);
    attachLora(m, lora({ dropout: 0.5 }), 2);
    randomiseAdapters(m, 8);
    const at = (step: number) =>
      tf.tidy(
        () =>
          sparseCrossEntropy(
            m.forward(input, undefined, { train: { seed: 1, step } }).hidden,
            m.head(),
            labels,
            weights,
            n,
            { headTrainable: false },
          ).loss.dataSync()[0],
      );
    expect(at(3)).toBe(at(3));
    expect(at(3)).not.toBe(at(4));
    // Evaluation (no train options) has no dropout.
    expect(tf.tidy(() => lossOf(m).dataSync()[0])).toBe(tf.tidy(() => lossOf(m).dataSync()[0]));
    m.dispose();
  });
});
