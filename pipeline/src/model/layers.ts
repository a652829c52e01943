// Building blocks of the decoder, written for speed on the wasm backend: 2-D linear layers on
// [rows, features], GELU in its sigmoid form (tanh and exp are scalar on wasm, sigmoid is
// vectorised; 0.5·(1 + tanh u) = sigmoid(2u) exactly), layer norm from basic ops, and the causal
// attention mask built on the host from segment ids.
import * as tf from "@tensorflow/tfjs";

/**
 * y = x·W + b with W stored [in, out] (GPT-2 layout). x: [rows, in] → [rows, out]. The gradient is
 * written out: dx = dy·Wᵀ, dW = xᵀ·dy (transposed operands: free in the native BLAS kernel, one
 * materialised transpose in the XNNPACK one), db = Σ_rows dy (sumRows).
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return linearOp(x, w, b) as tf.Tensor2D;
}

// Custom gradients keep what backward needs through `save` (tfjs clones saved tensors; the wasm
// Identity override makes those clones free). Tensors are only alive in backward when saved.
type Saver = (t: tf.Tensor[]) => void;
type Args = (tf.Tensor | Saver)[];

const linearOp = tf.customGrad((...args: Args) => {
  const [x, w, b] = args as tf.Tensor2D[];
  (args[3] as Saver)([x, w]);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [xs, ws] = saved as tf.Tensor2D[];
    const dy2 = dy as tf.Tensor2D;
    return [tf.matMul(dy2, ws, false, true), tf.matMul(xs, dy2, true, false), sumRows(dy2)];
  };
  return { value: tf.add(tf.matMul(x, w), b), gradFunc };
});

/** Σ over rows of a [rows, n] tensor → [n] (one pass on wasm: kernels/sum.ts). */
export function sumRows(t: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(t, 0) as tf.Tensor1D;
}

const GELU_C = 2 * Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation, computed as x·s with s = sigmoid(u), u = c·(x + 0.044715·x³),
 * c = 2·√(2/π). Hand-written gradient: s + x·s·(1−s)·c·(1 + 3·0.044715·x²), which avoids the
 * whole-tensor copies tfjs's Multiply gradient makes.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  return geluOp(x);
}

const geluOp = tf.customGrad((...args: Args) => {
  const x = args[0] as tf.Tensor;
  const s = tf.sigmoid(tf.mul(tf.mul(x, tf.add(tf.mul(tf.square(x), 0.044715), 1)), GELU_C));
  (args[1] as Saver)([x, s]);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [xs, ss] = saved;
    const du = tf.mul(tf.add(tf.mul(tf.square(xs), 3 * 0.044715 * GELU_C), GELU_C), xs); // x·u'
    const ds = tf.mul(ss, tf.sub(1, ss)); // s·(1−s)
    return [tf.mul(dy, tf.add(ss, tf.mul(ds, du)))];
  };
  return { value: tf.mul(x, s), gradFunc };
});

/**
 * Layer norm over the last axis with gain and bias; ε = 1e-5. Hand-written gradient (about half the
 * ops of autodiff): with x̂ the normalised input and r = 1/σ,
 *   dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dx̂ = dy⊙g, dg = Σ_rows dy⊙x̂, db = Σ_rows dy.
 */
export function layerNorm(x: tf.Tensor2D, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  return layerNormOp(x, gain, bias) as tf.Tensor2D;
}

const layerNormOp = tf.customGrad((...args: Args) => {
  const [x, g, b] = args as tf.Tensor[];
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), 1e-5)); // [rows, 1]
  const xhat = tf.mul(centred, rstd);
  (args[3] as Saver)([xhat, rstd, g]);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [xh, r, gs] = saved;
    const dxhat = tf.mul(dy, gs);
    const inner = tf.sub(
      tf.sub(dxhat, tf.mean(dxhat, -1, true)),
      tf.mul(xh, tf.mean(tf.mul(dxhat, xh), -1, true)),
    );
    return [tf.mul(inner, r), sumRows(tf.mul(dy, xh) as tf.Tensor2D), sumRows(dy as tf.Tensor2D)];
  };
  return { value: tf.add(tf.mul(xhat, g), b), gradFunc };
});

export const MASKED = -1e9;

/**
 * Additive attention mask [batch, 1, queries, keys]. Query q sits at absolute index `queryOffset + q`
 * and may see key k when k ≤ that index, both carry the same non-zero segment id (0 = padding). With
 * packing, segment ids 1, 2, 3 … give a block-diagonal causal mask: no attention across examples.
 */
export function attentionMask(
  querySegments: Int32Array,
  keySegments: Int32Array,
  batch: number,
  queries: number,
  keys: number,
  queryOffset = keys - queries,
): tf.Tensor4D {
  const mask = new Float32Array(batch * queries * keys);
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < queries; q++) {
      const sq = querySegments[b * queries + q];
      const row = (b * queries + q) * keys;
      const last = queryOffset + q;
      for (let k = 0; k < keys; k++) {
        const sk = keySegments[b * keys + k];
        mask[row + k] = k <= last && sk !== 0 && sk === sq ? 0 : MASKED;
      }
    }
  }
  return tf.tensor4d(mask, [batch, 1, queries, keys]);
}

/**
 * Rotary position tables for rotate-half RoPE, [batch, 1, time, headDim] each, plus the fixed
 * [headDim, headDim] matrix R with x·R = rotate_half(x) = [−x₂, x₁]. Using a matMul instead of
 * slicing keeps the op on XNNPACK and its gradient simple.
 */
export function rotaryTables(
  positions: Int32Array,
  batch: number,
  time: number,
  headDim: number,
): { cos: tf.Tensor4D; sin: tf.Tensor4D; rotate: tf.Tensor2D } {
  const half = headDim / 2;
  const cos = new Float32Array(batch * time * headDim);
  const sin = new Float32Array(batch * time * headDim);
  for (let i = 0; i < batch * time; i++) {
    for (let j = 0; j < half; j++) {
      const angle = positions[i] / 10000 ** ((2 * j) / headDim);
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
