// Gemma 3 against reference outputs of tiny random models (fixtures/README.md says where they come
// from): logits within 1e-4, the causal loss, and the gradients of named parameters within
// 1e-5 + 1e-3·max|ref|; both config forms and a bf16 checkpoint. Then the KV cache: decoding step
// by step equals full recomputation for prompts longer than the sliding window, also in a batch
// with left padding.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../backend.ts";
import { disposeCache, type ModelInput, paramName } from "../causal-lm.ts";
import { attachLora } from "../lora.ts";
import { sparseCrossEntropy } from "../loss.ts";
import { readSafetensors, type SafeTensor } from "../safetensors.ts";
import type { Gemma3Model } from "./gemma3.ts";
import { openGemma3 } from "./gemma3-open.ts";
import { transpose2d } from "./gemma3-weights.ts";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
/** Every fixture folder with a reference (the device run may add `gemma3-saved`). */
const NAMES = readdirSync(FIXTURES)
  .filter((n) => existsSync(path.join(FIXTURES, n, "reference.safetensors")))
  .sort();

function open(name: string): Gemma3Model {
  return openGemma3({ dir: path.join(FIXTURES, name), display: `fixtures/${name}` }, { context: 64 });
}

function reference(name: string): Record<string, SafeTensor> {
  return readSafetensors(path.join(FIXTURES, name, "reference.safetensors")).tensors;
}

function ints(t: SafeTensor): Int32Array {
  return Int32Array.from(t.data as BigInt64Array, (x) => Number(x));
}

function inputOf(ids: Int32Array, batch: number, time: number): ModelInput {
  return {
    ids,
    positions: Int32Array.from(ids, (_, i) => i % time),
    segments: new Int32Array(ids.length).fill(1),
    batch,
    time,
  };
}

/** transformers' causal loss: logits[t] against labels[t + 1], −100 ignored, mean over the rest. */
function shiftedLabels(labels: Int32Array, batch: number, time: number) {
  const out = new Int32Array(labels.length);
  const weights = new Float32Array(labels.length);
  for (let b = 0; b < batch; b++)
    for (let t = 0; t < time - 1; t++) {
      const next = labels[b * time + t + 1];
      if (next !== -100) {
        out[b * time + t] = next;
        weights[b * time + t] = 1;
      }
    }
  return { labels: out, weights, denominator: weights.reduce((a, x) => a + x, 0) };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("gemma3 reference parity (cpu backend)", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("has the three committed fixtures", () => {
    expect(NAMES).toEqual(expect.arrayContaining(["gemma3-bf16", "gemma3-hf5", "gemma3-released"]));
  });

  for (const name of NAMES) {
    it(`${name}: logits, loss and gradients match the reference`, () => {
      const ref = reference(name);
      const model = open(name);
      const [B, T] = ref.input_ids.shape;
      const input = inputOf(ints(ref.input_ids), B, T);
      const logits = tf.tidy(() => model.logits(model.forward(input).hidden).dataSync() as Float32Array);
      const logitDiff = maxDiff(logits, ref.logits.data as Float32Array);
      expect(logitDiff, `max |logits − ref| ${logitDiff}`).toBeLessThan(1e-4);

      const { labels, weights, denominator } = shiftedLabels(ints(ref.labels), B, T);
      const vars = [...model.params.values()];
      const { value, grads } = tf.variableGrads(
        () =>
          sparseCrossEntropy(model.forward(input).hidden, model.head(), labels, weights, denominator, {
            headTrainable: true,
          }).loss,
        vars,
      );
      expect(Math.abs(value.dataSync()[0] - (ref.loss.data as Float32Array)[0])).toBeLessThan(1e-5);
      const byName = new Map(Object.entries(grads).map(([k, g]) => [paramName(k), g]));
      const gradNames = Object.keys(ref).filter((k) => k.startsWith("grad."));
      expect(gradNames.length).toBeGreaterThanOrEqual(5);
      for (const key of gradNames) {
        const pname = key.slice("grad.".length);
        const r = ref[key];
        let g = byName.get(pname)?.dataSync() as Float32Array;
        expect(g, pname).toBeDefined();
        if (r.shape.length === 2 && pname.endsWith("_proj.weight"))
          g = transpose2d(g, r.shape[1], r.shape[0]);
        const want = r.data as Float32Array;
        const tol = 1e-5 + 1e-3 * maxAbs(want);
        expect(maxDiff(g, want), `${pname} (tolerance ${tol})`).toBeLessThanOrEqual(tol);
      }
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
      model.dispose();
    });
  }
});

describe("gemma3 activation checkpointing (cpu backend)", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  for (const method of ["full", "lora"] as const) {
    it(`gives the same loss and gradients as the plain forward (${method})`, () => {
      const model = open("gemma3-hf5");
      if (method === "lora") {
        const lora = attachLora(
          model,
          { r: 2, alpha: 4, dropout: 0, targetModules: ["q_proj", "down_proj"], rslora: false },
          7,
        );
        for (const ad of lora.modules.values())
          ad.b.assign(tf.randomNormal(ad.b.shape, 0, 0.3, "float32", 5));
      }
      const ref = reference("gemma3-hf5");
      const [B, T] = ref.input_ids.shape;
      const input = inputOf(ints(ref.input_ids), B, T);
      const { labels, weights, denominator } = shiftedLabels(ints(ref.labels), B, T);
      const run = (checkpoint: boolean) => {
        const vars = [...model.trainable().values()];
        const { value, grads } = tf.variableGrads(
          () =>
            sparseCrossEntropy(
              model.forward(input, undefined, { checkpoint }).hidden,
              model.head(),
              labels,
              weights,
              denominator,
              {
                headTrainable: model.headTrainable(),
              },
            ).loss,
          vars,
        );
        const out = new Map(
          Object.entries(grads).map(([k, g]) => [paramName(k), g.dataSync() as Float32Array]),
        );
        const loss = value.dataSync()[0];
        value.dispose();
        for (const g of Object.values(grads)) g.dispose();
        return { loss, grads: out };
      };
      const plain = run(false);
      const remat = run(true);
      expect(remat.loss).toBeCloseTo(plain.loss, 6);
      expect([...remat.grads.keys()].sort()).toEqual([...plain.grads.keys()].sort());
      expect(plain.grads.size).toBe(method === "lora" ? 16 : model.params.size);
      for (const [name, g] of plain.grads)
        expect(maxDiff(remat.grads.get(name) as Float32Array, g), name).toBeLessThan(1e-6);
      model.dispose();
    });
  }
});

describe("gemma3 KV cache (cpu backend)", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("greedy decoding with the cache equals full recomputation past the sliding window", () => {
    const model = open("gemma3-hf5"); // window 5, prompt 9 > window
    const prompt = [3, 17, 5, 40, 22, 8, 9, 31, 12];
    const steps = 8;
    // Full recomputation: the whole sequence each step.
    const full: number[] = [...prompt];
    for (let s = 0; s < steps; s++) {
      const logits = tf.tidy(
        () =>
          model
            .logits(
              model.forward(inputOf(Int32Array.from(full), 1, full.length), undefined, { lastOnly: true })
                .hidden,
            )
            .dataSync() as Float32Array,
      );
      full.push(argmax(logits));
    }
    // Cached: the prompt once, then one token at a time.
    let cache = model.newCache(1, prompt.length + steps);
    const cached: number[] = [...prompt];
    let feed = Int32Array.from(prompt);
    let pos = 0;
    for (let s = 0; s < steps; s++) {
      const input: ModelInput = {
        ids: feed,
        positions: Int32Array.from(feed, (_, i) => pos + i),
        segments: new Int32Array(feed.length).fill(1),
        batch: 1,
        time: feed.length,
      };
      const out = model.forward(input, cache, { lastOnly: true });
      const logits = model.logits(out.hidden).dataSync() as Float32Array;
      out.hidden.dispose();
      disposeCache(cache);
      cache = out.cache as NonNullable<typeof out.cache>;
      pos += feed.length;
      const next = argmax(logits);
      cached.push(next);
      feed = Int32Array.of(next);
    }
    // Sliding layers hold window − 1 keys, full layers everything.
    expect(cache.layers[0].keys.shape[2]).toBe(4);
    expect(cache.layers[2].keys.shape[2]).toBe(prompt.length + steps - 1);
    disposeCache(cache);
    expect(cached).toEqual(full);
    model.dispose();
  });

  it("a left-padded row gives the same logits as the row alone", () => {
    const model = open("gemma3-hf5");
    const row = [7, 3, 9, 11, 2, 30, 4, 5];
    const alone = tf.tidy(() =>
      model.logits(model.forward(inputOf(Int32Array.from(row), 1, 8)).hidden).dataSync(),
    );
    const pad = 3;
    const ids = Int32Array.from([...new Array(pad).fill(0), ...row]);
    const input: ModelInput = {
      ids,
      positions: Int32Array.from(ids, (_, i) => Math.max(0, i - pad)),
      segments: Int32Array.from(ids, (_, i) => (i < pad ? 0 : 1)),
      batch: 1,
      time: ids.length,
    };
    const padded = tf.tidy(() => model.logits(model.forward(input).hidden).dataSync());
    const V = model.dims.vocab;
    expect(maxDiff(padded.slice(pad * V), alone)).toBeLessThan(1e-5);
    model.dispose();
  });
});

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

describe("gemma3 bad input", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("refuses token ids beyond the vocabulary, naming config.json and vocab_size", () => {
    const model = open("gemma3-hf5"); // vocab 48
    expect(() => model.forward(inputOf(Int32Array.from([1, 2, 48]), 1, 3))).toThrow(
      "fixtures/gemma3-hf5/config.json: vocab_size: expected token ids in [0, 48), found id 48",
    );
    expect(() => model.forward(inputOf(Int32Array.from([-1]), 1, 1))).toThrow(/found id -1/);
    model.dispose();
  });

  it("refuses a LoRA target the model does not have, listing the Gemma projections", () => {
    const model = open("gemma3-hf5");
    expect(() =>
      attachLora(model, { r: 2, alpha: 2, dropout: 0, targetModules: ["attn.qkv"], rslora: false }, 0),
    ).toThrow(
      /lora\.targetModules: expected modules of the gemma3 family \(self_attn\.q_proj, self_attn\.k_proj, self_attn\.v_proj, self_attn\.o_proj, mlp\.gate_proj, mlp\.up_proj, mlp\.down_proj\), found attn\.qkv/,
    );
    expect(model.lora).toBeUndefined();
    model.dispose();
  });
});
