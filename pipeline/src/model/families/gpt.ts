// The GPT family behind `CausalLM`: token (+ learned or rotary position) embeddings, `layers`
// pre-norm blocks of causal self-attention (grouped-query when kvHeads < heads, optionally a sliding
// window) and a GELU MLP, a final layer norm and a head tied to the embedding (or separate).
// Activations are 2-D `[batch·time, d]` for the linear layers and 4-D `[batch, heads, time, headDim]`
// for attention. Parameters are one flat map named like Hugging Face GPT-2 checkpoints, linear
// weights stored [in, out]:
//   wte [vocab, d]  wpe [context, d] (learned positions)  lm_head.weight [vocab, d] (untied)
//   h.{i}.ln_1.{weight,bias}  h.{i}.attn.qkv.{weight [d, d+2·kvd], bias}  h.{i}.attn.proj.{weight,bias}
//   h.{i}.ln_2.{weight,bias}  h.{i}.mlp.fc.{weight [d, mlp], bias}  h.{i}.mlp.proj.{weight,bias}
//   ln_f.{weight,bias}
// LoRA targets: `attn.qkv`, `attn.proj`, `mlp.fc`, `mlp.proj` (per layer: `h.{i}.attn.qkv` …).
//
//   const model = createGpt(gptConfigFrom(cfg.model, tokenizer.vocabSize), seed);
//   const { hidden } = model.forward(input);   const logits = model.logits(hidden);
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../../errors.ts";
import {
  applyRotary,
  attend,
  attentionMask,
  emptyLayers,
  keySegmentsOf,
  nextLayerCache,
  rotaryTables,
  withCached,
} from "../attention.ts";
import {
  type CausalLM,
  type ForwardOptions,
  type ForwardOutput,
  type KvCache,
  type LayerCache,
  type ModelDims,
  type ModelInput,
  nextVariablePrefix,
} from "../causal-lm.ts";
import { gelu, layerNorm, linear } from "../layers.ts";
import type { LinearModule, LoraAdapters } from "../lora.ts";
import { Prng } from "../prng.ts";
import { remat } from "../remat.ts";

export interface GptConfig {
  vocabSize: number;
  layers: number;
  dModel: number;
  heads: number;
  /** Key/value heads (divides heads); default heads. */
  kvHeads?: number;
  mlpHidden: number;
  context: number;
  positions: "learned" | "rotary";
  tieEmbeddings: boolean;
  /** Rotary base; default 10,000. */
  rotaryBase?: number;
  /** Sliding attention window on every layer (the token itself included); default none. */
  slidingWindow?: number;
}

/** The GPT keys of a run config's model block (schemas/config.ts, family gpt). */
export interface GptModelKeys {
  layers: number;
  dModel: number;
  heads: number;
  kvHeads?: number;
  mlpRatio: number;
  context: number;
  positions: "learned" | "rotary";
  tieEmbeddings: boolean;
  rotaryBase?: number;
  slidingWindow?: number;
}

export function gptConfigFrom(model: GptModelKeys, vocabSize: number): GptConfig {
  if (model.dModel % model.heads !== 0) {
    throw new TunixError("E_SCHEMA", {
      field: "model.heads",
      expected: `a divisor of dModel (${model.dModel})`,
      found: String(model.heads),
    });
  }
  const kvHeads = model.kvHeads ?? model.heads;
  if (model.heads % kvHeads !== 0) {
    throw new TunixError("E_SCHEMA", {
      field: "model.kvHeads",
      expected: `a divisor of heads (${model.heads})`,
      found: String(kvHeads),
    });
  }
  if (model.positions === "rotary" && (model.dModel / model.heads) % 2 !== 0) {
    throw new TunixError("E_SCHEMA", {
      field: "model.positions",
      expected: "an even head size for rotary",
      found: String(model.dModel / model.heads),
    });
  }
  const c: GptConfig = {
    vocabSize,
    layers: model.layers,
    dModel: model.dModel,
    heads: model.heads,
    mlpHidden: Math.round(model.dModel * model.mlpRatio),
    context: model.context,
    positions: model.positions,
    tieEmbeddings: model.tieEmbeddings,
  };
  // Optional keys only when set, so a default config describes itself as before.
  if (model.kvHeads !== undefined && model.kvHeads !== model.heads) c.kvHeads = model.kvHeads;
  if (model.rotaryBase !== undefined && model.rotaryBase !== 10000) c.rotaryBase = model.rotaryBase;
  if (model.slidingWindow !== undefined) c.slidingWindow = model.slidingWindow;
  return c;
}

/** Parameter names and shapes, in canonical order. */
export function gptParamShapes(c: GptConfig): [string, number[]][] {
  const d = c.dModel;
  const kvd = (c.kvHeads ?? c.heads) * (d / c.heads);
  const out: [string, number[]][] = [["wte", [c.vocabSize, d]]];
  if (c.positions === "learned") out.push(["wpe", [c.context, d]]);
  for (let i = 0; i < c.layers; i++) {
    const p = `h.${i}.`;
    out.push(
      [`${p}ln_1.weight`, [d]],
      [`${p}ln_1.bias`, [d]],
      [`${p}attn.qkv.weight`, [d, d + 2 * kvd]],
      [`${p}attn.qkv.bias`, [d + 2 * kvd]],
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
 * projections N(0, 0.02/√(2·layers)), biases 0, norm gains 1. Yields one tensor at a time, in
 * canonical order, so a large model never holds its whole initialisation on the host. */
export function* initGptTensors(c: GptConfig, seed: number): Generator<[string, number[], Float32Array]> {
  const rng = new Prng(seed);
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
    yield [name, shape, v];
  }
}

/** The whole initialisation as a map (small models, tests). */
export function initGptValues(c: GptConfig, seed: number): Map<string, Float32Array> {
  return new Map([...initGptTensors(c, seed)].map(([name, , v]) => [name, v] as const));
}

export class GptModel implements CausalLM {
  readonly family = "gpt";
  readonly config: GptConfig;
  readonly dims: ModelDims;
  readonly params: Map<string, tf.Variable>;
  lora?: LoraAdapters;

  constructor(c: GptConfig, params: Map<string, tf.Variable>) {
    this.config = c;
    this.params = params;
    const kvHeads = c.kvHeads ?? c.heads;
    this.dims = {
      vocab: c.vocabSize,
      context: c.context,
      layers: c.layers,
      heads: c.heads,
      kvHeads,
      headDim: c.dModel / c.heads,
      hidden: c.dModel,
      intermediate: c.mlpHidden,
    };
  }

  trainable(): Map<string, tf.Variable> {
    return this.lora ? this.lora.params() : new Map(this.params);
  }

  head(): tf.Tensor2D {
    return this.param(this.config.tieEmbeddings ? "wte" : "lm_head.weight") as tf.Tensor2D;
  }

  headTrainable(): boolean {
    return !this.lora;
  }

  logits(hidden: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(hidden, this.head(), false, true) as tf.Tensor2D; // [rows, vocab]
  }

  linearModules(): Map<string, LinearModule> {
    return gptLinearModules(this.config);
  }

  newCache(batch: number, maxLength: number): KvCache {
    const { layers, kvHeads, headDim } = this.dims;
    return {
      batch,
      length: 0,
      maxLength,
      segments: new Int32Array(0),
      layers: emptyLayers(layers, batch, kvHeads, headDim),
    };
  }

  flopsPerToken(seqLength: number): number {
    const { hidden: d, kvHeads, headDim, intermediate, layers, vocab, heads } = this.dims;
    const perLayer = d * (d + 2 * kvHeads * headDim) + d * d + 2 * d * intermediate;
    const window = Math.min(seqLength, this.config.slidingWindow ?? seqLength);
    // 2 FLOPs per multiply-add: projections, the head, and QKᵀ + PV over the (average) visible keys.
    return 2 * (layers * perLayer + vocab * d) + 2 * 2 * layers * heads * headDim * (window / 2);
  }

  configJson(tokens: { bosId: number; eosId: number; padId: number }): Record<string, unknown> {
    const c = this.config;
    return {
      architectures: ["TunixGPTForCausalLM"],
      model_type: "tunix-gpt",
      vocab_size: c.vocabSize,
      n_layer: c.layers,
      n_embd: c.dModel,
      n_head: c.heads,
      ...(c.kvHeads !== undefined ? { n_kv_head: c.kvHeads } : {}),
      n_inner: c.mlpHidden,
      n_positions: c.context,
      position_embedding_type: c.positions,
      ...(c.rotaryBase !== undefined ? { rotary_base: c.rotaryBase } : {}),
      ...(c.slidingWindow !== undefined ? { sliding_window: c.slidingWindow } : {}),
      tie_word_embeddings: c.tieEmbeddings,
      activation_function: "gelu_new",
      layer_norm_epsilon: 1e-5,
      linear_weight_layout: "in_out",
      torch_dtype: "float32",
      bos_token_id: tokens.bosId,
      eos_token_id: tokens.eosId,
      pad_token_id: tokens.padId,
    };
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.lora?.dispose();
    this.lora = undefined;
  }

  private param(name: string): tf.Variable {
    return this.params.get(name) as tf.Variable;
  }

  /**
   * Hidden states [batch·time, d] (or [batch, d] with lastOnly) after the final layer norm. With a
   * cache, the input continues the cached positions and the returned cache holds both.
   */
  forward(input: ModelInput, cache?: KvCache, opts: ForwardOptions = {}): ForwardOutput {
    const c = this.config;
    const param = (name: string) => this.param(name);
    const { batch: B, time: T } = input;
    const { headDim: dh, hidden: d } = this.dims;
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
    const rope =
      c.positions === "rotary"
        ? rotaryTables(input.positions, B, T, dh, { base: c.rotaryBase ?? 10000 })
        : undefined;
    // One mask per distinct first cached key (0, or later for a sliding layer that dropped keys),
    // made before the layers: each layer runs in its own tidy scope.
    const masks = new Map<number, tf.Tensor4D>();
    for (let i = 0; i < c.layers; i++) {
      const start = cache?.layers[i].start ?? 0;
      if (masks.has(start)) continue;
      masks.set(
        start,
        attentionMask({
          querySegments: input.segments,
          keySegments: keySegmentsOf(cache, input.segments, T, B, start),
          batch: B,
          queries: T,
          keys: past + T - start,
          queryStart: past,
          keyStart: start,
          window: c.slidingWindow,
        }),
      );
    }
    const maskFor = (start: number) => masks.get(start) as tf.Tensor4D;
    const ids = tf.tensor1d(input.ids, "int32");
    let x = tf.gather(param("wte"), ids) as tf.Tensor2D; // [B·T, d]
    if (c.positions === "learned") {
      const pos = tf.tensor1d(input.positions, "int32");
      x = tf.add(x, tf.gather(param("wpe"), pos));
    }
    const layers: LayerCache[] = [];
    const trainable = opts.checkpoint && !cache ? this.trainable() : undefined;
    for (let i = 0; i < c.layers; i++) {
      if (trainable) {
        // Keep only the block's input; backward recomputes the block (remat.ts).
        const names = [...trainable.keys()].filter((n) => n.startsWith(`h.${i}.`));
        const consts = [maskFor(0), ...(rope ? [rope.cos, rope.sin, rope.rotate] : [])];
        x = remat(
          (xx, ps, cs) => {
            const byName = new Map(names.map((n, k) => [n, ps[k]] as const));
            const ropeOf = rope
              ? { cos: cs[1] as tf.Tensor4D, sin: cs[2] as tf.Tensor4D, rotate: cs[3] as tf.Tensor2D }
              : undefined;
            return this.block(
              i,
              xx,
              input,
              undefined,
              () => cs[0] as tf.Tensor4D,
              ropeOf,
              layers,
              opts,
              byName,
            );
          },
          x,
          names.map((n) => trainable.get(n) as tf.Variable),
          consts,
        );
      } else {
        // A tidy per layer frees the layer's intermediates at once (tfjs keeps what backward needs).
        x = tf.tidy(() => this.block(i, x, input, cache, maskFor, rope, layers, opts));
      }
    }
    if (opts.lastOnly) {
      x = tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, T - 1, 0], [B, 1, d]), [B, d]);
    }
    const hidden = layerNorm(x, param("ln_f.weight"), param("ln_f.bias"));
    if (!cache) return { hidden };
    const segments = new Int32Array(B * (past + T));
    const keyAll = keySegmentsOf(cache, input.segments, T, B, 0);
    segments.set(keyAll);
    return { hidden, cache: { batch: B, length: past + T, maxLength: cache.maxLength, segments, layers } };
  }

  /** Block i: x + attn(ln_1(x)), then + mlp(ln_2(·)). Appends the layer's cache when decoding. */
  private block(
    i: number,
    x0: tf.Tensor2D,
    input: ModelInput,
    cache: KvCache | undefined,
    maskFor: (start: number) => tf.Tensor4D,
    rope: ReturnType<typeof rotaryTables> | undefined,
    layers: LayerCache[],
    opts: ForwardOptions,
    /** Tensors to use instead of the model's variables (activation checkpointing). */
    given?: ReadonlyMap<string, tf.Tensor>,
  ): tf.Tensor2D {
    const param = (name: string) => (given?.get(name) ?? this.param(name)) as tf.Tensor;
    const lookup = given ? (name: string) => given.get(name) as tf.Tensor : undefined;
    const { batch: B, time: T } = input;
    const { heads: H, kvHeads: KV, headDim: dh, hidden: d } = this.dims;
    const past = cache?.length ?? 0;
    const kvd = KV * dh;
    const split = (t: tf.Tensor2D, n: number) =>
      tf.transpose(tf.reshape(t, [B, T, n, dh]), [0, 2, 1, 3]) as tf.Tensor4D;
    const p = `h.${i}.`;
    let x = x0;
    const h = layerNorm(x, param(`${p}ln_1.weight`), param(`${p}ln_1.bias`));
    const w = param(`${p}attn.qkv.weight`);
    const bias = param(`${p}attn.qkv.bias`);
    // Slice the (small) weight rather than the (large) activation: slices copy on wasm.
    const [wq, wk, wv] = tf.split(w, KV === H ? 3 : [d, kvd, kvd], 1);
    const [bq, bk, bv] = tf.split(bias, KV === H ? 3 : [d, kvd, kvd], 0);
    let q2 = linear(h, wq, bq);
    let k2 = linear(h, wk, bk);
    let v2 = linear(h, wv, bv);
    const dq = this.lora?.delta(`${p}attn.qkv`, h, opts.train, lookup);
    if (dq) {
      const [a, b, e] = tf.split(dq, [d, kvd, kvd], 1) as tf.Tensor2D[];
      q2 = tf.add(q2, a);
      k2 = tf.add(k2, b);
      v2 = tf.add(v2, e);
    }
    let q = split(q2, H); // [B, H, T, dh]
    let k = split(k2, KV); // [B, KV, T, dh]
    const v = split(v2, KV);
    if (rope) {
      q = applyRotary(q, rope);
      k = applyRotary(k, rope);
    }
    const all = withCached(cache?.layers[i], k, v);
    if (cache) layers.push(nextLayerCache(all, past + T, this.config.slidingWindow));
    const attn = attend(q, all.keys, all.values, maskFor(all.start), 1 / Math.sqrt(dh)); // [B, H, T, dh]
    const merged = tf.reshape(tf.transpose(attn, [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
    const project = (module: string, input: tf.Tensor2D) => {
      const y = linear(input, param(`${module}.weight`), param(`${module}.bias`));
      const delta = this.lora?.delta(module, input, opts.train, lookup);
      return delta ? tf.add(y, delta) : y;
    };
    x = tf.add(x, project(`${p}attn.proj`, merged));
    const h2 = layerNorm(x, param(`${p}ln_2.weight`), param(`${p}ln_2.bias`));
    const up = gelu(project(`${p}mlp.fc`, h2)) as tf.Tensor2D;
    x = tf.add(x, project(`${p}mlp.proj`, up));
    return x;
  }
}

/** The projections LoRA can target, with their widths. */
export function gptLinearModules(c: GptConfig): Map<string, LinearModule> {
  const d = c.dModel;
  const kvd = (c.kvHeads ?? c.heads) * (d / c.heads);
  const out = new Map<string, LinearModule>();
  for (let i = 0; i < c.layers; i++) {
    out.set(`h.${i}.attn.qkv`, { in: d, out: d + 2 * kvd });
    out.set(`h.${i}.attn.proj`, { in: d, out: d });
    out.set(`h.${i}.mlp.fc`, { in: d, out: c.mlpHidden });
    out.set(`h.${i}.mlp.proj`, { in: c.mlpHidden, out: d });
  }
  return out;
}

/** A model from named values (initialisation, checkpoint or safetensors); shapes are checked. */
export function buildGpt(c: GptConfig, values: ReadonlyMap<string, Float32Array>): GptModel {
  const params = new Map<string, tf.Variable>();
  const prefix = nextVariablePrefix();
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
    // tfjs variable names are global: a per-model prefix; `paramName` strips it.
    params.set(
      name,
      tf.tidy(() => tf.variable(tf.tensor(v, shape), true, `${prefix}/${name}`)),
    );
  }
  return new GptModel(c, params);
}

export function createGpt(c: GptConfig, seed: number): GptModel {
  const params = new Map<string, tf.Variable>();
  const prefix = nextVariablePrefix();
  for (const [name, shape, v] of initGptTensors(c, seed))
    params.set(
      name,
      tf.tidy(() => tf.variable(tf.tensor(v, shape), true, `${prefix}/${name}`)),
    );
  return new GptModel(c, params);
}

/** The GptConfig of an exported folder's config.json. */
export function gptConfigFromJson(json: Record<string, unknown>): GptConfig {
  const num = (k: string) => {
    const v = json[k];
    if (typeof v !== "number")
      throw new TunixError("E_SCHEMA", {
        file: "config.json",
        field: k,
        expected: "a number",
        found: String(v),
      });
    return v;
  };
  const c: GptConfig = {
    vocabSize: num("vocab_size"),
    layers: num("n_layer"),
    dModel: num("n_embd"),
    heads: num("n_head"),
    mlpHidden: num("n_inner"),
    context: num("n_positions"),
    positions: json.position_embedding_type === "rotary" ? "rotary" : "learned",
    tieEmbeddings: json.tie_word_embeddings !== false,
  };
  if (typeof json.n_kv_head === "number") c.kvHeads = json.n_kv_head;
  if (typeof json.rotary_base === "number") c.rotaryBase = json.rotary_base;
  if (typeof json.sliding_window === "number") c.slidingWindow = json.sliding_window;
  return c;
}
