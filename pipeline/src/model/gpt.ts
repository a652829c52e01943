// The GPT decoder: token (+ learned or rotary position) embeddings, `layers` pre-norm blocks of
// causal self-attention and a GELU MLP, a final layer norm and a head tied to the embedding (or
// separate). Activations are 2-D `[batch·time, dModel]` for the linear layers and 4-D
// `[batch, heads, time, headDim]` for attention. Parameters are one flat map named like Hugging
// Face GPT-2 checkpoints, linear weights stored [in, out]:
//   wte [vocab, d]  wpe [context, d] (learned positions)  lm_head.weight [vocab, d] (untied)
//   h.{i}.ln_1.{weight,bias}  h.{i}.attn.qkv.{weight [d,3d], bias}  h.{i}.attn.proj.{weight,bias}
//   h.{i}.ln_2.{weight,bias}  h.{i}.mlp.fc.{weight [d,4d], bias}   h.{i}.mlp.proj.{weight,bias}
//   ln_f.{weight,bias}
//
//   const model = createGpt(gptConfigFrom(cfg.model, tokenizer.vocabSize), seed);
//   const { logits } = forwardGpt(model, input);           // logits [batch·time, vocab]
//   forwardGpt(model, input, cache, { lastOnly: true });   // incremental decoding (infer/)
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../errors.ts";
import type { RunConfig } from "../schemas/config.ts";
import { attentionMask, gelu, layerNorm, linear, rotaryTables } from "./layers.ts";
import { Prng } from "./prng.ts";

export interface GptConfig {
  vocabSize: number;
  layers: number;
  dModel: number;
  heads: number;
  mlpHidden: number;
  context: number;
  positions: "learned" | "rotary";
  tieEmbeddings: boolean;
}

export interface GptModel {
  family: "gpt";
  config: GptConfig;
  /** Trainable parameters by name; insertion order is the canonical order. */
  params: Map<string, tf.Variable>;
}

/** One batch of token rows. Arrays are row-major [batch, time]; segment 0 marks padding. */
export interface ModelInput {
  ids: Int32Array;
  positions: Int32Array;
  segments: Int32Array;
  batch: number;
  time: number;
}

/** Keys and values of earlier positions, per layer [batch, heads, cached, headDim]. */
export interface KvCache {
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
  /** Segment ids of cached positions, [batch, length]. */
  segments: Int32Array;
  length: number;
}

export function gptConfigFrom(model: RunConfig["model"], vocabSize: number): GptConfig {
  if (model.dModel % model.heads !== 0) {
    throw new TunixError("E_SCHEMA", {
      field: "model.heads",
      expected: `a divisor of dModel (${model.dModel})`,
      found: String(model.heads),
    });
  }
  if (model.positions === "rotary" && (model.dModel / model.heads) % 2 !== 0) {
    throw new TunixError("E_SCHEMA", {
      field: "model.positions",
      expected: "an even head size for rotary",
      found: String(model.dModel / model.heads),
    });
  }
  return {
    vocabSize,
    layers: model.layers,
    dModel: model.dModel,
    heads: model.heads,
    mlpHidden: Math.round(model.dModel * model.mlpRatio),
    context: model.context,
    positions: model.positions,
    tieEmbeddings: model.tieEmbeddings,
  };
}

/** Parameter names and shapes, in canonical order. */
export function gptParamShapes(c: GptConfig): [string, number[]][] {
  const d = c.dModel;
  const out: [string, number[]][] = [["wte", [c.vocabSize, d]]];
  if (c.positions === "learned") out.push(["wpe", [c.context, d]]);
  for (let i = 0; i < c.layers; i++) {
    const p = `h.${i}.`;
    out.push(
      [`${p}ln_1.weight`, [d]],
      [`${p}ln_1.bias`, [d]],
      [`${p}attn.qkv.weight`, [d, 3 * d]],
      [`${p}attn.qkv.bias`, [3 * d]],
      [`${p}attn.proj.weight`, [d, d]],
      [`${p}attn.proj.bias`, [d]],
      [`${p}ln_2.weight`, [d]],
      [`${p}ln_2.bias`, [d]],
      [`${p}mlp.fc.weight`, [d, c.mlpHidden]],
      [`${p}mlp.fc.bias`, [c.mlpHidden]],
      [`${p}mlp.proj.weight`, [c.mlpHidden, d]],
      [`${p}mlp.proj.bias`, [d]],
    );
  }
  out.push(["ln_f.weight", [d]], ["ln_f.bias", [d]]);
  if (!c.tieEmbeddings) out.push(["lm_head.weight", [c.vocabSize, d]]);
  return out;
}

/** GPT-2 initialisation from the project's PRNG (same numbers on every backend): N(0, 0.02), residual
 * projections N(0, 0.02/√(2·layers)), biases 0, norm gains 1. */
export function initGptValues(c: GptConfig, seed: number): Map<string, Float32Array> {
  const rng = new Prng(seed);
  const values = new Map<string, Float32Array>();
  for (const [name, shape] of gptParamShapes(c)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    if (name.endsWith(".bias")) {
      // zeros
    } else if (/ln_\d\.weight$|ln_f\.weight$/.test(name)) v.fill(1);
    else {
      const std = name.endsWith("proj.weight") ? 0.02 / Math.sqrt(2 * c.layers) : 0.02;
      for (let i = 0; i < n; i++) v[i] = rng.normal() * std;
    }
    values.set(name, v);
  }
  return values;
}

/** A model from named values (initialisation, checkpoint or safetensors); shapes are checked. */
export function buildGpt(c: GptConfig, values: Map<string, Float32Array>): GptModel {
  const params = new Map<string, tf.Variable>();
  for (const [name, shape] of gptParamShapes(c)) {
    const v = values.get(name);
    const n = shape.reduce((a, b) => a * b, 1);
    if (!v || v.length !== n) {
      throw new TunixError("E_MISMATCH", {
        field: name,
        expected: `${n} values [${shape}]`,
        found: v ? String(v.length) : "missing",
      });
    }
    // tfjs variable names are global: prefix a per-model number; `paramName` strips it.
    params.set(
      name,
      tf.tidy(() => tf.variable(tf.tensor(v, shape), true, `m${modelCount}/${name}`)),
    );
  }
  modelCount++;
  return { family: "gpt", config: c, params };
}

let modelCount = 0;

/** The parameter name of a tfjs variable name (`m3/h.0.ln_1.weight` → `h.0.ln_1.weight`). */
export function paramName(variableName: string): string {
  return variableName.slice(variableName.indexOf("/") + 1);
}

export function createGpt(c: GptConfig, seed: number): GptModel {
  return buildGpt(c, initGptValues(c, seed));
}

export function countParameters(model: GptModel): number {
  let n = 0;
  for (const v of model.params.values()) n += v.size;
  return n;
}

export function disposeModel(model: GptModel): void {
  for (const v of model.params.values()) v.dispose();
}

/**
 * Forward pass. Returns logits [batch·time, vocab] (or [batch, vocab] with `lastOnly`). With a
 * cache, the input continues the cached positions and the cache is replaced by one that includes
 * them (the caller disposes the old one through `disposeCache`).
 */
export function forwardGpt(
  model: GptModel,
  input: ModelInput,
  cache?: KvCache,
  opts: { lastOnly?: boolean } = {},
): { logits: tf.Tensor2D; cache?: KvCache } {
  const c = model.config;
  const param = (name: string) => model.params.get(name) as tf.Variable;
  const { batch: B, time: T } = input;
  const H = c.heads;
  const dh = c.dModel / H;
  const past = cache?.length ?? 0;
  if (c.positions === "learned") {
    // The limit is on positions (each row counts from its first real token), not on the padded
    // length: a left-padded short row may sit in a batch longer than the context.
    let maxPosition = -1;
    for (const p of input.positions) if (p > maxPosition) maxPosition = p;
    if (maxPosition >= c.context) {
      throw new TunixError("E_STATE", {
        message: `position ${maxPosition} is beyond the context of ${c.context} tokens`,
      });
    }
  }
  const keySegments = cache ? concatRows(cache.segments, past, input.segments, T, B) : input.segments;
  const mask = attentionMask(input.segments, keySegments, B, T, past + T, past);
  const rope = c.positions === "rotary" ? rotaryTables(input.positions, B, T, dh) : undefined;
  const ids = tf.tensor1d(input.ids, "int32");
  let x = tf.gather(param("wte"), ids) as tf.Tensor2D; // [B·T, d]
  if (c.positions === "learned") {
    const pos = tf.tensor1d(input.positions, "int32");
    x = tf.add(x, tf.gather(param("wpe"), pos));
  }
  const newKeys: tf.Tensor4D[] = [];
  const newValues: tf.Tensor4D[] = [];
  const scale = 1 / Math.sqrt(dh);
  const d = c.dModel;
  const heads = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [B, T, H, dh]), [0, 2, 1, 3]) as tf.Tensor4D;
  for (let i = 0; i < c.layers; i++) {
    const p = `h.${i}.`;
    const h = layerNorm(x, param(`${p}ln_1.weight`), param(`${p}ln_1.bias`));
    const w = param(`${p}attn.qkv.weight`);
    const bias = param(`${p}attn.qkv.bias`);
    // Slice the (small) weight rather than the (large) activation: slices copy on wasm.
    const [wq, wk, wv] = tf.split(w, 3, 1);
    const [bq, bk, bv] = tf.split(bias, 3, 0);
    let q = heads(linear(h, wq, bq)); // [B, H, T, dh]
    let k = heads(linear(h, wk, bk));
    let v = heads(linear(h, wv, bv));
    if (rope) {
      q = tf.add(tf.mul(q, rope.cos), tf.mul(tf.matMul(q, rope.rotate), rope.sin));
      k = tf.add(tf.mul(k, rope.cos), tf.mul(tf.matMul(k, rope.rotate), rope.sin));
    }
    if (cache) {
      k = tf.concat([cache.keys[i], k], 2);
      v = tf.concat([cache.values[i], v], 2);
      newKeys.push(k);
      newValues.push(v);
    }
    // Scale q ([B,H,T,dh]) rather than the scores ([B,H,T,T+past]): 4× fewer elements at T=256.
    const scores = tf.add(tf.matMul(tf.mul(q, scale), k, false, true), mask); // [B, H, T, T+past]
    const attn = tf.matMul(tf.softmax(scores), v); // [B, H, T, dh]
    const merged = tf.reshape(tf.transpose(attn, [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
    x = tf.add(x, linear(merged, param(`${p}attn.proj.weight`), param(`${p}attn.proj.bias`)));
    const h2 = layerNorm(x, param(`${p}ln_2.weight`), param(`${p}ln_2.bias`));
    const up = gelu(linear(h2, param(`${p}mlp.fc.weight`), param(`${p}mlp.fc.bias`))) as tf.Tensor2D;
    x = tf.add(x, linear(up, param(`${p}mlp.proj.weight`), param(`${p}mlp.proj.bias`)));
  }
  if (opts.lastOnly) {
    x = tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, T - 1, 0], [B, 1, d]), [B, d]);
  }
  x = layerNorm(x, param("ln_f.weight"), param("ln_f.bias"));
  const head = c.tieEmbeddings ? param("wte") : param("lm_head.weight");
  const logits = tf.matMul(x, head, false, true) as tf.Tensor2D; // [rows, vocab]
  const next: KvCache | undefined = cache
    ? { keys: newKeys, values: newValues, segments: keySegments, length: past + T }
    : undefined;
  return { logits, cache: next };
}

/** An empty cache for `batch` rows. */
export function emptyCache(model: GptModel, batch: number): KvCache {
  const dh = model.config.dModel / model.config.heads;
  const z = () => tf.zeros([batch, model.config.heads, 0, dh]) as tf.Tensor4D;
  return {
    keys: Array.from({ length: model.config.layers }, z),
    values: Array.from({ length: model.config.layers }, z),
    segments: new Int32Array(0),
    length: 0,
  };
}

export function disposeCache(cache: KvCache): void {
  for (const t of [...cache.keys, ...cache.values]) t.dispose();
}

/** Row-wise concatenation of two [batch, n] int arrays. */
function concatRows(a: Int32Array, na: number, b: Int32Array, nb: number, batch: number): Int32Array {
  const out = new Int32Array(batch * (na + nb));
  for (let r = 0; r < batch; r++) {
    out.set(a.subarray(r * na, (r + 1) * na), r * (na + nb));
    out.set(b.subarray(r * nb, (r + 1) * nb), r * (na + nb) + na);
  }
  return out;
}
