// The one model interface. Training, evaluation, generation, checkpoints, export and the benches
// see only `CausalLM`; each family (families/gpt.ts, families/gemma3.ts) implements it, and LoRA
// (lora.ts) wraps target projections of any family through `loraDelta`.
//
//   const model = FAMILIES.gpt.create(cfg.model, vocabSize, seed);
//   const { hidden } = model.forward(input);                       // [batch·time, hidden]
//   const logits = model.logits(hidden);                           // [batch·time, vocab]
//   const cache = model.newCache(batch, maxLength);
//   const step = model.forward(input, cache, { lastOnly: true });  // step.cache continues it
//
// Rows of a batch are independent: `segments` (0 = padding) keep packed examples from attending
// to each other, `positions` count from each example's first token (they drive rotary and learned
// positions). Masks are built by the model from segments and absolute indices, per layer kind.
import type * as tf from "@tensorflow/tfjs";

/** One batch of token rows. Arrays are row-major [batch, time]; segment 0 marks padding. */
export interface ModelInput {
  ids: Int32Array;
  positions: Int32Array;
  segments: Int32Array;
  batch: number;
  time: number;
}

/** Normalised dimensions, the same names for every family. */
export interface ModelDims {
  vocab: number;
  /** Longest sequence the model accepts (positions 0 … context−1). */
  context: number;
  layers: number;
  /** Query heads. */
  heads: number;
  /** Key/value heads (divides `heads`; equal for plain multi-head attention). */
  kvHeads: number;
  headDim: number;
  /** Residual stream width. */
  hidden: number;
  /** MLP inner width. */
  intermediate: number;
}

/** Keys and values of one layer, [batch, kvHeads, length, headDim]; `start` is the absolute index
 * of the first cached key (0, or later for a sliding-window layer that dropped old keys). */
export interface LayerCache {
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
  start: number;
}

/** A KV cache for `batch` rows: per-layer keys and values plus the segment id of every position
 * fed so far ([batch, length], row-major), which masks need. Owned by the caller. */
export interface KvCache {
  batch: number;
  /** Positions fed so far (absolute indices 0 … length−1). */
  length: number;
  /** The most positions this cache may hold (the caller's budget: prompt + new tokens). */
  maxLength: number;
  segments: Int32Array;
  layers: LayerCache[];
}

export interface ForwardOptions {
  /** Only the last position of each row ([batch, hidden]): generation. */
  lastOnly?: boolean;
  /** Training mode (LoRA dropout on) with the randomness of this step. Absent = evaluation. */
  train?: { seed: number; step: number; micro?: number };
  /** Activation checkpointing: keep only each block's input, recompute the block in backward
   * (remat.ts). Less memory, one more forward pass. Training without a cache only. */
  checkpoint?: boolean;
}

export interface ForwardOutput {
  /** Hidden states after the final norm: [batch·time, hidden], or [batch, hidden] with lastOnly. */
  hidden: tf.Tensor2D;
  /** With a cache: a new cache that also holds this input (the old one is the caller's to dispose). */
  cache?: KvCache;
}

/** A projection LoRA can adapt: input and output features. */
export interface LinearModule {
  in: number;
  out: number;
}

/** What a family sees of attached adapters (implemented by lora.ts's LoraAdapters). */
export interface Adapters {
  readonly config: {
    readonly r: number;
    readonly alpha: number;
    readonly dropout: number;
    readonly targetModules: readonly string[];
    readonly rslora: boolean;
  };
  readonly scaling: number;
  readonly modules: ReadonlyMap<string, { a: tf.Variable; b: tf.Variable }>;
  /** The adapter's addition to a module's output for input x [rows, in], or undefined. */
  delta(
    module: string,
    x: tf.Tensor2D,
    train?: { seed: number; step: number; micro?: number },
    tensors?: (name: string) => tf.Tensor,
  ): tf.Tensor2D | undefined;
  /** Adapter variables by name: `<module>.lora_A`, `<module>.lora_B`. */
  params(): Map<string, tf.Variable>;
  count(): number;
  dispose(): void;
}

export interface CausalLM {
  /** Family name, a key of FAMILIES. */
  readonly family: string;
  readonly dims: ModelDims;
  /** Base weights by name, in the family's canonical order (its checkpoint and export names). */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** LoRA adapters when attached (lora.ts); undefined for a plain model. */
  lora?: Adapters;
  /** The parameters that get gradients, optimizer state and checkpoint space: every base weight
   * (full fine-tuning) or only the adapters (LoRA). */
  trainable(): Map<string, tf.Variable>;
  forward(input: ModelInput, cache?: KvCache, opts?: ForwardOptions): ForwardOutput;
  /** The output projection [vocab, hidden] (the tied embedding or a separate head). */
  head(): tf.Tensor2D;
  /** Whether `head()` is among `trainable()` (the loss then computes its gradient). */
  headTrainable(): boolean;
  /** Logits of hidden states: [rows, vocab]. */
  logits(hidden: tf.Tensor2D): tf.Tensor2D;
  /** An empty cache for `batch` rows of at most `maxLength` positions. */
  newCache(batch: number, maxLength: number): KvCache;
  /** Forward matmul FLOPs per token at a sequence length (×3 for a training step). */
  flopsPerToken(seqLength: number): number;
  /** Projections LoRA can target, by module name (the weight is `<module>.weight`, stored [in, out]). */
  linearModules(): ReadonlyMap<string, LinearModule>;
  /** The family's config.json for an exported folder. */
  configJson(tokens: { bosId: number; eosId: number; padId: number }): Record<string, unknown>;
  dispose(): void;
}

export function disposeCache(cache: KvCache): void {
  for (const l of cache.layers) {
    l.keys.dispose();
    l.values.dispose();
  }
}

/** Parameters of a model (base weights; adapters are counted by lora.ts). */
export function countParameters(model: CausalLM): number {
  let n = 0;
  for (const v of model.params.values()) n += v.size;
  return n;
}

/** Parameters that train (the whole model, or the adapters). */
export function countTrainable(model: CausalLM): number {
  let n = 0;
  for (const v of model.trainable().values()) n += v.size;
  return n;
}

/** Row-wise concatenation of two [batch, n] int arrays. */
export function concatRows(a: Int32Array, na: number, b: Int32Array, nb: number, batch: number): Int32Array {
  const out = new Int32Array(batch * (na + nb));
  for (let r = 0; r < batch; r++) {
    out.set(a.subarray(r * na, (r + 1) * na), r * (na + nb));
    out.set(b.subarray(r * nb, (r + 1) * nb), r * (na + nb) + na);
  }
  return out;
}

let variableCount = 0;
/** A process-unique prefix for tfjs variable names (they are global): `m3/h.0.ln_1.weight`. */
export function nextVariablePrefix(): string {
  return `m${variableCount++}`;
}

/** The parameter name of a tfjs variable name (`m3/h.0.ln_1.weight` → `h.0.ln_1.weight`). */
export function paramName(variableName: string): string {
  return variableName.slice(variableName.indexOf("/") + 1);
}
