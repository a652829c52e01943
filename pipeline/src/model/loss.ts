// Masked cross entropy with a hand-written gradient. Forward: softmax on the C++ kernel, then
// −log p[label] per row, weighted (0 = no loss: prompt or padding) and divided by `denominator`
// (the loss-carrying tokens of the whole optimizer step, so gradient accumulation averages over
// tokens, not over micro-batches). Backward: (softmax − onehot)·weight/denominator, which skips
// tfjs's generic log-softmax gradient (10–15% of a step on wasm).
//
//   const { loss, correct } = maskedCrossEntropy(logits, labels, weights, denominator);
import * as tf from "@tensorflow/tfjs";

export interface LossOutput {
  /** Scalar: Σ weight·nll / denominator. */
  loss: tf.Scalar;
  /** Scalar: Σ weight·[argmax = label] (weighted count of correct predictions). */
  correct: tf.Scalar;
}

/**
 * logits [rows, vocab]; labels [rows] (int32 values); weights [rows] (0 or 1); denominator > 0.
 * Call inside tf.tidy / tf.variableGrads.
 */
export function maskedCrossEntropy(
  logits: tf.Tensor2D,
  labels: Int32Array,
  weights: Float32Array,
  denominator: number,
): LossOutput {
  const vocab = logits.shape[1];
  // int32 then cast: the wasm OneHot kernel writes integer bits into float32 outputs (tfjs 4.22).
  const onehot = tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), vocab), "float32") as tf.Tensor2D;
  const w = tf.tensor1d(weights);
  const scaledWeights = tf.div(w, Math.max(denominator, 1e-9));
  // Only logits is an input of the op (no zero gradients for onehot and weights); what backward
  // needs is saved (free clones on wasm, see kernels/identity.ts).
  const ce = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
    const x = args[0] as tf.Tensor;
    const p = tf.softmax(x);
    (args[1] as (t: tf.Tensor[]) => void)([p, onehot, scaledWeights]);
    const pLabel = tf.sum(tf.mul(p, onehot), -1); // [rows]
    const nll = tf.neg(tf.log(tf.maximum(pLabel, 1e-30)));
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [ps, ohs, sws] = saved;
      return [tf.mul(tf.mul(tf.sub(ps, ohs), tf.expandDims(sws, 1)), dy)];
    };
    return { value: tf.sum(tf.mul(nll, scaledWeights)), gradFunc };
  });
  const loss = ce(logits) as tf.Scalar;
  const hits = tf.cast(tf.equal(tf.argMax(logits, -1), tf.tensor1d(labels, "int32")), "float32");
  const correct = tf.sum(tf.mul(hits, w)) as tf.Scalar;
  return { loss, correct };
}
