// Attention pieces shared by every family: the additive mask (causal or sliding window, built on
// the device from segment ids and absolute indices), rotary tables (rotate-half, any base, linear
// scaling), grouped-query attention, and the per-layer KV cache update (a sliding-window layer
// keeps only the keys a later query can still see).
//
//   const mask = attentionMask({ querySegments, keySegments, batch, queries, keys, queryStart, keyStart, window });
//   const out = attend(q, k, v, mask, 1 / Math.sqrt(headDim));   // q [B,H,T,dh], k/v [B,KV,S,dh]
import * as tf from "@tensorflow/tfjs";
import { concatRows, type KvCache, type LayerCache } from "./causal-lm.ts";

export const MASKED = -1e9;

export interface MaskSpec {
  /** Segment ids of the queries [batch, queries] and keys [batch, keys]; 0 = padding. */
  querySegments: Int32Array;
  keySegments: Int32Array;
  batch: number;
  queries: number;
  keys: number;
  /** Absolute index of the first query and of the first key. */
  queryStart: number;
  keyStart: number;
  /** Sliding window (the query itself included), or undefined for plain causal attention. */
  window?: number;
}

/**
 * Additive mask [batch, 1, queries, keys]: 0 where query i may see key j, else −1e9. With absolute
 * indices qi, kj: kj ≤ qi, both in the same non-zero segment, and (sliding) kj > qi − window — the
 * window as transformers defines it. Packed examples (segments 1, 2, 3 …) get a block-diagonal mask.
 */
export function attentionMask(s: MaskSpec): tf.Tensor4D {
  return tf.tidy(() => {
    const qIdx = tf.reshape(tf.range(s.queryStart, s.queryStart + s.queries, 1, "int32"), [1, s.queries, 1]);
    const kIdx = tf.reshape(tf.range(s.keyStart, s.keyStart + s.keys, 1, "int32"), [1, 1, s.keys]);
    let ok = tf.lessEqual(kIdx, qIdx); // [1, Q, K]
    if (s.window !== undefined) ok = tf.logicalAnd(ok, tf.greater(kIdx, tf.sub(qIdx, s.window)));
    const sq = tf.tensor3d(s.querySegments, [s.batch, s.queries, 1], "int32");
    const sk = tf.tensor3d(s.keySegments, [s.batch, 1, s.keys], "int32");
    const same = tf.logicalAnd(tf.equal(sq, sk), tf.notEqual(sk, 0)); // [B, Q, K]
    const allowed = tf.logicalAnd(same, ok);
    const zeros = tf.zeros([s.batch, s.queries, s.keys]);
    const masked = tf.fill([s.batch, s.queries, s.keys], MASKED);
    return tf.reshape(tf.where(allowed, zeros, masked), [s.batch, 1, s.queries, s.keys]) as tf.Tensor4D;
  });
}

export interface RopeSpec {
  /** Base of the inverse frequencies (10,000 for the GPT; per layer kind for Gemma). */
  base: number;
  /** Linear scaling: positions are divided by this factor (1 = none). */
  factor?: number;
  /** Compute the angles in float32 the way transformers does (inv_freq, then pos·inv_freq). */
  float32?: boolean;
}

/**
 * Rotary tables for rotate-half RoPE, [batch, 1, time, headDim] each, plus the fixed
 * [headDim, headDim] matrix R with x·R = rotate_half(x) = [−x₂, x₁] (a matMul keeps the op on the
 * fast kernels and its gradient simple).
 */
export function rotaryTables(
  positions: Int32Array,
  batch: number,
  time: number,
  headDim: number,
  rope: RopeSpec = { base: 10000 },
): { cos: tf.Tensor4D; sin: tf.Tensor4D; rotate: tf.Tensor2D } {
  const half = headDim / 2;
  const factor = rope.factor ?? 1;
  const cos = new Float32Array(batch * time * headDim);
  const sin = new Float32Array(batch * time * headDim);
  const f = Math.fround;
  const invFreq = Array.from({ length: half }, (_, j) =>
    rope.float32 ? f(f(1 / f(rope.base ** f((2 * j) / headDim))) / factor) : 0,
  );
  for (let i = 0; i < batch * time; i++) {
    for (let j = 0; j < half; j++) {
      const angle = rope.float32
        ? f(positions[i] * invFreq[j])
        : positions[i] / factor / rope.base ** ((2 * j) / headDim);
      cos[i * headDim + j] = cos[i * headDim + j + half] = Math.cos(angle);
      sin[i * headDim + j] = sin[i * headDim + j + half] = Math.sin(angle);
    }
  }
  const r = new Float32Array(headDim * headDim);
  for (let j = 0; j < half; j++) {
    r[(j + half) * headDim + j] = -1; // out[j] = −x[j+half]
    r[j * headDim + j + half] = 1; // out[j+half] = x[j]
  }
  return {
    cos: tf.tensor4d(cos, [batch, 1, time, headDim]),
    sin: tf.tensor4d(sin, [batch, 1, time, headDim]),
    rotate: tf.tensor2d(r, [headDim, headDim]),
  };
}

/** x·cos + rotate_half(x)·sin for x [B, heads, T, dh]. */
export function applyRotary(
  x: tf.Tensor4D,
  rope: { cos: tf.Tensor4D; sin: tf.Tensor4D; rotate: tf.Tensor2D },
): tf.Tensor4D {
  return tf.add(tf.mul(x, rope.cos), tf.mul(tf.matMul(x, rope.rotate), rope.sin));
}

/**
 * Grouped-query attention. q [B, H, T, dh]; k, v [B, KV, S, dh] with H = KV·G (query head h uses
 * key/value head ⌊h / G⌋, as transformers' repeat_kv); mask [B, 1, T, S]. Returns [B, H, T, dh].
 * The scale multiplies q (T·dh elements) rather than the scores (T·S). K/V are never repeated:
 * the G query heads of a group are stacked along the query axis instead.
 */
export function attend(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor4D, scale: number) {
  const [B, H, T, dh] = q.shape;
  const KV = k.shape[1];
  const S = k.shape[2];
  if (KV === H) {
    const scores = tf.add(tf.matMul(tf.mul(q, scale), k, false, true), mask); // [B, H, T, S]
    return tf.matMul(tf.softmax(scores), v) as tf.Tensor4D;
  }
  const G = H / KV;
  const qg = tf.reshape(tf.mul(q, scale), [B, KV, G * T, dh]);
  const scores = tf.reshape(tf.matMul(qg, k, false, true), [B, KV, G, T, S]);
  const masked = tf.add(scores, tf.reshape(mask, [B, 1, 1, T, S]));
  const p = tf.reshape(tf.softmax(masked), [B, KV, G * T, S]);
  return tf.reshape(tf.matMul(p, v), [B, H, T, dh]) as tf.Tensor4D;
}

/** Keys/values of one layer for this step: the cached ones (if any) followed by the new ones. */
export function withCached(
  layer: LayerCache | undefined,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
): { keys: tf.Tensor4D; values: tf.Tensor4D; start: number } {
  if (!layer) return { keys: k, values: v, start: 0 };
  return { keys: tf.concat([layer.keys, k], 2), values: tf.concat([layer.values, v], 2), start: layer.start };
}

/**
 * The layer's cache after this step. A sliding-window layer keeps only the last `window − 1` keys:
 * the next query (absolute index `end`) sees keys after `end − window`, itself included.
 */
export function nextLayerCache(
  all: { keys: tf.Tensor4D; values: tf.Tensor4D; start: number },
  end: number,
  window?: number,
): LayerCache {
  const held = all.keys.shape[2];
  const keep = window === undefined ? held : Math.min(held, Math.max(0, window - 1));
  if (keep === held) return { keys: tf.keep(all.keys), values: tf.keep(all.values), start: all.start };
  const [B, KV, , dh] = all.keys.shape;
  const from = held - keep;
  return {
    keys: tf.keep(tf.slice(all.keys, [0, 0, from, 0], [B, KV, keep, dh])),
    values: tf.keep(tf.slice(all.values, [0, 0, from, 0], [B, KV, keep, dh])),
    start: end - keep,
  };
}

/** An empty per-layer cache list: keys/values [batch, kvHeads, 0, headDim]. */
export function emptyLayers(layers: number, batch: number, kvHeads: number, headDim: number): LayerCache[] {
  return Array.from({ length: layers }, () => ({
    keys: tf.zeros([batch, kvHeads, 0, headDim]) as tf.Tensor4D,
    values: tf.zeros([batch, kvHeads, 0, headDim]) as tf.Tensor4D,
    start: 0,
  }));
}

/** Segment ids [batch, keys] of the positions a layer's keys cover (absolute start … end−1). */
export function keySegmentsOf(
  cache: KvCache | undefined,
  input: Int32Array,
  time: number,
  batch: number,
  start: number,
) {
  const past = cache?.length ?? 0;
  const all = cache ? concatRows(cache.segments, past, input, time, batch) : input;
  if (start === 0) return all;
  const total = past + time;
  const n = total - start;
  const out = new Int32Array(batch * n);
  for (let r = 0; r < batch; r++) out.set(all.subarray(r * total + start, (r + 1) * total), r * n);
  return out;
}
