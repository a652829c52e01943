// Gemma 3 (text) behind `CausalLM`, computed in float32 throughout:
//   x = embed(ids) · √hidden (the scale rounded to float32)
//   per layer:  h = x + postAttnNorm(attn(inputNorm(x)))
//               x = h + postFfnNorm(down(gelu_tanh(gate(n)) ⊙ up(n))),  n = preFfnNorm(h)
//   attention:  q, k per head through q_norm / k_norm, then rotary (rotate-half; the local base on
//               sliding layers, the global base and linear scaling on full layers); grouped-query
//               (kvHeads < heads); scores scaled by query_pre_attn_scalar^−½; sliding layers see the
//               last `sliding_window` positions (the query included), full layers everything before
//   RMSNorm:    x · rsqrt(mean(x²) + eps) · (1 + w)   (weights stored zero-centred, as in the files)
//   output:     final norm, logits = hidden · embedᵀ (tied)
// Activations are [batch·time, hidden] for projections and [batch, heads, time, headDim] for
// attention. Parameter names and shapes: gemma3-weights.ts. LoRA targets: the seven projections,
// `model.layers.{i}.self_attn.{q,k,v,o}_proj` and `model.layers.{i}.mlp.{gate,up,down}_proj`.
//
//   const model = openGemma3(folder, { context: 512 });   // gemma3-open.ts
//   const { hidden } = model.forward(input);  const logits = model.logits(hidden);
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
import type {
  CausalLM,
  ForwardOptions,
  ForwardOutput,
  KvCache,
  LayerCache,
  ModelDims,
  ModelInput,
} from "../causal-lm.ts";
import { gelu } from "../layers.ts";
import type { LinearModule, LoraAdapters } from "../lora.ts";
import { remat } from "../remat.ts";
import type { Gemma3Config, LayerType } from "./gemma3-config.ts";

export interface Gemma3Source {
  /** config.json as read: exports write it back with only the dtype changed. */
  json: Record<string, unknown>;
  /** Its display name for errors (store-relative or repository-relative). */
  configFile: string;
}

type Rope = ReturnType<typeof rotaryTables>;

const PROJECTIONS = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj"];
const MLP = ["mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"];

export class Gemma3Model implements CausalLM {
  readonly family = "gemma3";
  readonly config: Gemma3Config;
  readonly dims: ModelDims;
  readonly params: Map<string, tf.Variable>;
  readonly source: Gemma3Source;
  lora?: LoraAdapters;

  constructor(c: Gemma3Config, params: Map<string, tf.Variable>, source: Gemma3Source, context: number) {
    this.config = c;
    this.params = params;
    this.source = source;
    this.dims = {
      vocab: c.vocabSize,
      context: Math.min(context, c.maxPositions),
      layers: c.layers,
      heads: c.heads,
      kvHeads: c.kvHeads,
      headDim: c.headDim,
      hidden: c.hidden,
      intermediate: c.intermediate,
    };
  }

  trainable(): Map<string, tf.Variable> {
    return this.lora ? this.lora.params() : new Map(this.params);
  }

  head(): tf.Tensor2D {
    return this.param("model.embed_tokens.weight") as tf.Tensor2D;
  }

  headTrainable(): boolean {
    return !this.lora;
  }

  logits(hidden: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(hidden, this.head(), false, true) as tf.Tensor2D; // [rows, vocab]
  }

  linearModules(): Map<string, LinearModule> {
    const { hidden: d, heads, kvHeads, headDim, intermediate } = this.dims;
    const shapes: Record<string, [number, number]> = {
      "self_attn.q_proj": [d, heads * headDim],
      "self_attn.k_proj": [d, kvHeads * headDim],
      "self_attn.v_proj": [d, kvHeads * headDim],
      "self_attn.o_proj": [heads * headDim, d],
      "mlp.gate_proj": [d, intermediate],
      "mlp.up_proj": [d, intermediate],
      "mlp.down_proj": [intermediate, d],
    };
    const out = new Map<string, LinearModule>();
    for (let i = 0; i < this.config.layers; i++)
      for (const m of [...PROJECTIONS, ...MLP])
        out.set(`model.layers.${i}.${m}`, { in: shapes[m][0], out: shapes[m][1] });
    return out;
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
    const { hidden: d, heads, kvHeads, headDim, intermediate, vocab } = this.dims;
    const perLayer = d * (heads + 2 * kvHeads) * headDim + heads * headDim * d + 3 * d * intermediate;
    let attention = 0;
    for (const type of this.config.layerTypes) {
      const w = type === "sliding_attention" ? this.config.slidingWindow : seqLength;
      attention += 2 * 2 * heads * headDim * averageVisible(seqLength, w);
    }
    return 2 * (this.config.layers * perLayer + vocab * d) + attention;
  }

  configJson(): Record<string, unknown> {
    // The folder the trainer exports holds the project's layout ([in, out]); gemma3-open.ts reads
    // the marker back. A Hugging Face folder for transformers comes from gemma3-export.ts.
    const { torch_dtype: _t, dtype: _d, ...rest } = this.source.json;
    return {
      ...rest,
      torch_dtype: "float32",
      tunix_linear_weight_layout: "in_out",
      tunix_context: this.dims.context,
    };
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.lora?.dispose();
    this.lora = undefined;
  }

  forward(input: ModelInput, cache?: KvCache, opts: ForwardOptions = {}): ForwardOutput {
    this.checkIds(input.ids);
    const c = this.config;
    const { batch: B, time: T } = input;
    const d = this.dims.hidden;
    const past = cache?.length ?? 0;
    // Rotary tables per layer kind and masks per (first cached key, window), made before the
    // layers: each layer runs in its own tidy scope (or is recomputed in backward).
    const ropes = new Map<LayerType, Rope>();
    const masks = new Map<string, tf.Tensor4D>();
    for (let i = 0; i < c.layers; i++) {
      const type = c.layerTypes[i];
      if (!ropes.has(type)) {
        const { base, factor } = c.rope[type];
        ropes.set(
          type,
          rotaryTables(input.positions, B, T, this.dims.headDim, { base, factor, float32: true }),
        );
      }
      const start = cache?.layers[i].start ?? 0;
      const window = type === "sliding_attention" ? c.slidingWindow : undefined;
      const key = `${start}:${window}`;
      if (!masks.has(key)) {
        const keySegments = keySegmentsOf(cache, input.segments, T, B, start);
        masks.set(
          key,
          attentionMask({
            querySegments: input.segments,
            keySegments,
            batch: B,
            queries: T,
            keys: past + T - start,
            queryStart: past,
            keyStart: start,
            window,
          }),
        );
      }
    }
    const ids = tf.tensor1d(input.ids, "int32");
    let x = tf.mul(tf.gather(this.head(), ids), Math.fround(Math.sqrt(d))) as tf.Tensor2D; // [B·T, d]
    const layers: LayerCache[] = [];
    const trainable = opts.checkpoint && !cache ? this.trainable() : undefined;
    for (let i = 0; i < c.layers; i++) {
      const type = c.layerTypes[i];
      const window = type === "sliding_attention" ? c.slidingWindow : undefined;
      const rope = ropes.get(type) as Rope;
      const maskFor = (start: number) => masks.get(`${start}:${window}`) as tf.Tensor4D;
      if (trainable) {
        // Keep only the block's input; backward recomputes the block (remat.ts).
        const names = [...trainable.keys()].filter((n) => n.startsWith(`model.layers.${i}.`));
        x = remat(
          (xx, ps, cs) => {
            const given = new Map(names.map((n, k) => [n, ps[k]] as const));
            const r = { cos: cs[1] as tf.Tensor4D, sin: cs[2] as tf.Tensor4D, rotate: cs[3] as tf.Tensor2D };
            return this.block(i, xx, input, undefined, () => cs[0] as tf.Tensor4D, r, layers, opts, given);
          },
          x,
          names.map((n) => trainable.get(n) as tf.Variable),
          [maskFor(0), rope.cos, rope.sin, rope.rotate],
        );
      } else {
        x = tf.tidy(() => this.block(i, x, input, cache, maskFor, rope, layers, opts));
      }
    }
    if (opts.lastOnly) x = tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, T - 1, 0], [B, 1, d]), [B, d]);
    const hidden = this.norm(x, this.param("model.norm.weight"));
    if (!cache) return { hidden };
    const segments = keySegmentsOf(cache, input.segments, T, B, 0).slice();
    return { hidden, cache: { batch: B, length: past + T, maxLength: cache.maxLength, segments, layers } };
  }

  /** One decoder layer on x [B·T, d]; `given` replaces variables (activation checkpointing). */
  private block(
    i: number,
    x0: tf.Tensor2D,
    input: ModelInput,
    cache: KvCache | undefined,
    maskFor: (start: number) => tf.Tensor4D,
    rope: Rope,
    layers: LayerCache[],
    opts: ForwardOptions,
    given?: ReadonlyMap<string, tf.Tensor>,
  ): tf.Tensor2D {
    const c = this.config;
    const { batch: B, time: T } = input;
    const { heads: H, kvHeads: KV, headDim: dh } = this.dims;
    const past = cache?.length ?? 0;
    const p = `model.layers.${i}.`;
    const param = (name: string) => (given?.get(name) ?? this.param(name)) as tf.Tensor;
    const lookup = given ? (name: string) => given.get(name) as tf.Tensor : undefined;
    const project = (module: string, x: tf.Tensor2D) => {
      const y = tf.matMul(x, param(`${p}${module}.weight`)) as tf.Tensor2D; // W [in, out], no bias
      const delta = this.lora?.delta(`${p}${module}`, x, opts.train, lookup);
      return delta ? (tf.add(y, delta) as tf.Tensor2D) : y;
    };
    const norm = <X extends tf.Tensor>(x: X, name: string) => this.norm(x, param(`${p}${name}.weight`));
    const heads = (t: tf.Tensor2D, n: number) =>
      tf.transpose(tf.reshape(t, [B, T, n, dh]), [0, 2, 1, 3]) as tf.Tensor4D;
    const window = c.layerTypes[i] === "sliding_attention" ? c.slidingWindow : undefined;
    let x = x0;
    const h = norm(x, "input_layernorm");
    const q = applyRotary(norm(heads(project("self_attn.q_proj", h), H), "self_attn.q_norm"), rope);
    const k = applyRotary(norm(heads(project("self_attn.k_proj", h), KV), "self_attn.k_norm"), rope);
    const v = heads(project("self_attn.v_proj", h), KV);
    const all = withCached(cache?.layers[i], k, v);
    if (cache) layers.push(nextLayerCache(all, past + T, window));
    const attn = attend(q, all.keys, all.values, maskFor(all.start), c.queryPreAttnScalar ** -0.5); // [B, H, T, dh]
    const merged = tf.reshape(tf.transpose(attn, [0, 2, 1, 3]), [B * T, H * dh]) as tf.Tensor2D;
    x = tf.add(x, norm(project("self_attn.o_proj", merged), "post_attention_layernorm"));
    const n = norm(x, "pre_feedforward_layernorm");
    const gated = tf.mul(gelu(project("mlp.gate_proj", n)), project("mlp.up_proj", n)) as tf.Tensor2D;
    return tf.add(x, norm(project("mlp.down_proj", gated), "post_feedforward_layernorm"));
  }

  private param(name: string): tf.Variable {
    return this.params.get(name) as tf.Variable;
  }

  /** RMSNorm over the last axis in the (1 + w) form. */
  private norm<X extends tf.Tensor>(x: X, w: tf.Tensor): X {
    const ms = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, this.config.rmsNormEps))), tf.add(w, 1)) as X;
  }

  private checkIds(ids: Int32Array): void {
    const vocab = this.config.vocabSize;
    for (const id of ids) {
      if (id < 0 || id >= vocab) {
        throw new TunixError("E_MISMATCH", {
          file: this.source.configFile,
          field: "vocab_size",
          expected: `token ids in [0, ${vocab})`,
          found: `id ${id}`,
          hint: "the tokenizer has ids the model has no embedding for (the npm Gemma 3 tokenizer's image token 262144, or another model's tokenizer)",
        });
      }
    }
  }
}

/** Mean number of keys a query sees in a causal sequence of `seq` tokens with window `w`. */
function averageVisible(seq: number, w: number): number {
  if (seq <= w) return (seq + 1) / 2;
  return ((w * (w + 1)) / 2 + (seq - w) * w) / seq;
}
