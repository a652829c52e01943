// Sparse, chunked cross-entropy from hidden states: the logits [rows, vocab] = hidden·headᵀ are
// made one chunk of rows at a time, the label's log-probability is gathered (no one-hot), and the
// gradient (softmax − onehot)·weight/denominator is applied with a sparse update at the labels.
// Peak memory is one chunk × vocab, whatever the number of rows: at vocab 262,144 the default
// 64 MiB chunk is 64 rows.
//
// One chunk (small vocabularies, e.g. every GPT config so far) keeps the exact operations of the
// original one-hot loss — softmax, then −log p[label] — so losses and gradients are bit for bit the
// same. Several chunks compute log-softmax per chunk (log-sum-exp) and recompute each chunk's logits
// in backward instead of keeping them; only rows with a non-zero weight are evaluated at all.
//
//   const { loss, correct } = sparseCrossEntropy(hidden, model.head(), labels, weights, denominator,
//     { headTrainable: model.headTrainable() });      // inside tf.variableGrads
import * as tf from "@tensorflow/tfjs";

export interface LossOutput {
  /** Scalar: Σ weight·nll / denominator. */
  loss: tf.Scalar;
  /** Scalar: Σ weight·[argmax = label] (weighted count of correct predictions). */
  correct: tf.Scalar;
}

export interface CrossEntropyOptions {
  /** Compute the head's gradient (false when the head is frozen, e.g. LoRA). */
  headTrainable: boolean;
  /** Bytes of one chunk of logits; default 64 MiB. */
  chunkBytes?: number;
}

export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;

/** Rows per chunk of logits for a vocabulary under a byte budget (float32). */
export function chunkRows(vocab: number, chunkBytes = DEFAULT_CHUNK_BYTES): number {
  return Math.max(1, Math.floor(chunkBytes / (vocab * 4)));
}

type Saver = (t: tf.Tensor[]) => void;
type Args = (tf.Tensor | Saver)[];

/**
 * hidden [rows, d]; head [vocab, d]; labels [rows] (int32 values); weights [rows] (0 = no loss);
 * denominator > 0. Call inside tf.tidy / tf.variableGrads.
 */
export function sparseCrossEntropy(
  hidden: tf.Tensor2D,
  head: tf.Tensor2D,
  labels: Int32Array,
  weights: Float32Array,
  denominator: number,
  o: CrossEntropyOptions,
): LossOutput {
  const rows = hidden.shape[0];
  const vocab = head.shape[0];
  const per = chunkRows(vocab, o.chunkBytes);
  if (rows <= per) return oneChunk(hidden, head, labels, weights, denominator, o.headTrainable);
  return chunked(hidden, head, labels, weights, denominator, o.headTrainable, per);
}

/** [[0, l0], [1, l1], …] as an int32 [n, 2] tensor: gather/scatter indices of the labels. */
function labelIndices(labels: Int32Array, from = 0, n = labels.length): tf.Tensor2D {
  const idx = new Int32Array(2 * n);
  for (let r = 0; r < n; r++) {
    idx[2 * r] = r;
    idx[2 * r + 1] = labels[from + r];
  }
  return tf.tensor2d(idx, [n, 2], "int32");
}

function oneChunk(
  hidden: tf.Tensor2D,
  head: tf.Tensor2D,
  labels: Int32Array,
  weights: Float32Array,
  denominator: number,
  headTrainable: boolean,
): LossOutput {
  const w = tf.tensor1d(weights);
  const scaledWeights = tf.div(w, Math.max(denominator, 1e-9));
  const idx = labelIndices(labels);
  let correct: tf.Scalar | undefined;
  const body = (x: tf.Tensor2D, wHead: tf.Tensor2D, save: Saver) => {
    const logits = tf.matMul(x, wHead, false, true);
    const p = tf.softmax(logits);
    const hits = tf.cast(tf.equal(tf.argMax(logits, -1), tf.tensor1d(labels, "int32")), "float32");
    correct = tf.keep(tf.sum(tf.mul(hits, w)));
    // Everything backward reads is saved (tensors of the forward scope are freed after it).
    save([p, idx, scaledWeights, x, wHead]);
    const pLabel = tf.gatherND(p, idx) as tf.Tensor1D; // [rows]
    const nll = tf.neg(tf.log(tf.maximum(pLabel, 1e-30)));
    return tf.sum(tf.mul(nll, scaledWeights)) as tf.Scalar;
  };
  // (p − onehot) without a one-hot: p with p[label] − 1 written at the labels.
  const dLogits = (dy: tf.Tensor, [p, ix, sw]: tf.Tensor[]) => {
    const g = tf.tensorScatterUpdate(p, ix, tf.sub(tf.gatherND(p, ix), 1));
    return tf.mul(tf.mul(g, tf.expandDims(sw, 1)), dy) as tf.Tensor2D;
  };
  let loss: tf.Scalar;
  if (headTrainable) {
    const op = tf.customGrad((...args: Args) => {
      const [x, wh] = args as tf.Tensor2D[];
      const value = body(x, wh, args[2] as Saver);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved.slice(3) as tf.Tensor2D[];
        const g = dLogits(dy, saved);
        return [tf.matMul(g, ws), tf.matMul(g, xs, true, false)];
      };
      return { value, gradFunc };
    });
    loss = op(hidden, head) as tf.Scalar;
  } else {
    const op = tf.customGrad((...args: Args) => {
      const x = args[0] as tf.Tensor2D;
      const value = body(x, head, args[1] as Saver);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.matMul(dLogits(dy, saved), head)];
      return { value, gradFunc };
    });
    loss = op(hidden) as tf.Scalar;
  }
  return { loss, correct: correct as tf.Scalar };
}

function chunked(
  hidden: tf.Tensor2D,
  head: tf.Tensor2D,
  labels: Int32Array,
  weights: Float32Array,
  denominator: number,
  headTrainable: boolean,
  per: number,
): LossOutput {
  // Only rows that carry loss: the others contribute nothing to the loss or its gradient.
  const keep: number[] = [];
  for (let r = 0; r < weights.length; r++) if (weights[r] !== 0) keep.push(r);
  const rowIdx = tf.tensor1d(Int32Array.from(keep), "int32");
  const selLabels = Int32Array.from(keep, (r) => labels[r]);
  const selScaled = Float32Array.from(keep, (r) => weights[r] / Math.max(denominator, 1e-9));
  const selWeights = Float32Array.from(keep, (r) => weights[r]);
  const n = keep.length;
  const chunks: [number, number][] = [];
  for (let s = 0; s < n; s += per) chunks.push([s, Math.min(per, n - s)]);
  const sliceRows = (t: tf.Tensor2D, s: number, m: number) =>
    tf.slice(t, [s, 0], [m, t.shape[1]]) as tf.Tensor2D;
  let correct: tf.Scalar | undefined;

  // One chunk's log-softmax pieces: logits, log-sum-exp per row, label indices.
  const chunkLogits = (x: tf.Tensor2D, wh: tf.Tensor2D, s: number, m: number) => {
    const logits = tf.matMul(sliceRows(x, s, m), wh, false, true); // [m, vocab]
    const max = tf.max(logits, -1, true);
    const lse = tf.add(max, tf.log(tf.sum(tf.exp(tf.sub(logits, max)), -1, true))); // [m, 1]
    return { logits, lse, idx: labelIndices(selLabels, s, m) };
  };
  const forward = (x: tf.Tensor2D, wh: tf.Tensor2D) => {
    let total: tf.Scalar = tf.scalar(0);
    let hits: tf.Scalar = tf.scalar(0);
    for (const [s, m] of chunks) {
      const [lossPart, hitPart] = tf.tidy(() => {
        const { logits, lse, idx } = chunkLogits(x, wh, s, m);
        const nll = tf.sub(tf.reshape(lse, [m]), tf.gatherND(logits, idx)); // [m]
        const sw = tf.tensor1d(selScaled.subarray(s, s + m));
        const hit = tf.cast(
          tf.equal(tf.argMax(logits, -1), tf.tensor1d(selLabels.subarray(s, s + m), "int32")),
          "float32",
        );
        return [tf.sum(tf.mul(nll, sw)), tf.sum(tf.mul(hit, tf.tensor1d(selWeights.subarray(s, s + m))))];
      });
      const next = tf.add(total, lossPart) as tf.Scalar;
      total.dispose();
      lossPart.dispose();
      total = next;
      const nextHits = tf.add(hits, hitPart) as tf.Scalar;
      hits.dispose();
      hitPart.dispose();
      hits = nextHits;
    }
    correct = tf.keep(hits);
    return total;
  };
  const backward = (dy: tf.Tensor, x: tf.Tensor2D, wh: tf.Tensor2D, ri: tf.Tensor1D, wantHead: boolean) => {
    const dxParts: tf.Tensor2D[] = [];
    let dW: tf.Tensor2D | undefined;
    for (const [s, m] of chunks) {
      const [dx, nextW] = tf.tidy(() => {
        const { logits, lse, idx } = chunkLogits(x, wh, s, m);
        const p = tf.exp(tf.sub(logits, lse));
        const g0 = tf.tensorScatterUpdate(p, idx, tf.sub(tf.gatherND(p, idx), 1));
        const sw = tf.tensor1d(selScaled.subarray(s, s + m));
        const g = tf.mul(tf.mul(g0, tf.expandDims(sw, 1)), dy) as tf.Tensor2D;
        const dx = tf.matMul(g, wh);
        if (!wantHead) return [dx];
        const part = tf.matMul(g, sliceRows(x, s, m), true, false);
        return [dx, dW ? tf.add(dW, part) : part];
      });
      dxParts.push(dx as tf.Tensor2D);
      if (nextW) {
        dW?.dispose();
        dW = nextW as tf.Tensor2D;
      }
    }
    const dSel = dxParts.length === 1 ? dxParts[0] : tf.concat(dxParts, 0);
    // Back to every row of hidden: rows without loss get zero gradient.
    const dHidden = tf.scatterND(tf.expandDims(ri, 1), dSel, hidden.shape) as tf.Tensor2D;
    return { dHidden, dW };
  };

  let loss: tf.Scalar;
  if (headTrainable) {
    const op = tf.customGrad((...args: Args) => {
      const [h, wh] = args as tf.Tensor2D[];
      const x = tf.gather(h, rowIdx) as tf.Tensor2D;
      (args[2] as Saver)([x, wh, rowIdx]);
      const value = forward(x, wh);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ri] = saved as tf.Tensor2D[];
        const { dHidden, dW } = backward(dy, xs, ws, ri as unknown as tf.Tensor1D, true);
        return [dHidden, dW ?? tf.zerosLike(ws)];
      };
      return { value, gradFunc };
    });
    loss = op(hidden, head) as tf.Scalar;
  } else {
    const op = tf.customGrad((...args: Args) => {
      const h = args[0] as tf.Tensor2D;
      const x = tf.gather(h, rowIdx) as tf.Tensor2D;
      (args[1] as Saver)([x, rowIdx]);
      const value = forward(x, head);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => [
        backward(dy, saved[0] as tf.Tensor2D, head, saved[1] as tf.Tensor1D, false).dHidden,
      ];
      return { value, gradFunc };
    });
    loss = op(hidden) as tf.Scalar;
  }
  return { loss, correct: correct as tf.Scalar };
}
