// The sparse chunked cross-entropy against the one-hot formulation it replaced (kept here as the
// reference): the same loss, the same gradients for hidden states and head, in one chunk (bit for
// bit) and in many (1e-6), with zero-weight rows, and with a frozen head.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./backend.ts";
import { chunkRows, sparseCrossEntropy } from "./loss.ts";
import { Prng } from "./prng.ts";

/** The loss it replaced: logits = hidden·headᵀ, a one-hot of the labels, −log softmax, and the
 * hand-written gradient (softmax − onehot)·weight/denominator. */
function oneHotLoss(
  hidden: tf.Tensor2D,
  head: tf.Tensor2D,
  labels: Int32Array,
  weights: Float32Array,
  den: number,
) {
  const logits = tf.matMul(hidden, head, false, true);
  const onehot = tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), head.shape[0]), "float32");
  const sw = tf.div(tf.tensor1d(weights), den);
  const ce = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
    const p = tf.softmax(args[0] as tf.Tensor);
    (args[1] as (t: tf.Tensor[]) => void)([p, onehot, sw]);
    const nll = tf.neg(tf.log(tf.maximum(tf.sum(tf.mul(p, onehot), -1), 1e-30)));
    const gradFunc = (dy: tf.Tensor, [ps, oh, w]: tf.Tensor[]) => [
      tf.mul(tf.mul(tf.sub(ps, oh), tf.expandDims(w, 1)), dy),
    ];
    return { value: tf.sum(tf.mul(nll, sw)), gradFunc };
  });
  return ce(logits) as tf.Scalar;
}

/** The same loss through tfjs's generic autodiff (an independent check of the gradient formula). */
function autodiffLoss(
  hidden: tf.Tensor2D,
  head: tf.Tensor2D,
  labels: Int32Array,
  weights: Float32Array,
  den: number,
) {
  const logits = tf.matMul(hidden, head, false, true);
  const logp = tf.logSoftmax(logits);
  const onehot = tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), head.shape[0]), "float32");
  return tf.neg(
    tf.sum(tf.mul(tf.sum(tf.mul(logp, onehot), -1), tf.div(tf.tensor1d(weights), den))),
  ) as tf.Scalar;
}

function problem(rows: number, d: number, vocab: number, seed: number) {
  const rng = new Prng(seed);
  const hidden = tf.tensor2d(
    Float32Array.from({ length: rows * d }, () => rng.normal()),
    [rows, d],
  );
  const head = tf.tensor2d(
    Float32Array.from({ length: vocab * d }, () => rng.normal() * 0.5),
    [vocab, d],
  );
  const labels = Int32Array.from({ length: rows }, () => rng.int(vocab));
  const weights = Float32Array.from({ length: rows }, (_, i) => (i % 4 === 1 ? 0 : 1));
  const den = weights.reduce((a, b) => a + b, 0);
  return { hidden, head, labels, weights, den };
}

function gradsOf(f: (h: tf.Tensor2D, w: tf.Tensor2D) => tf.Scalar, h: tf.Tensor2D, w: tf.Tensor2D) {
  const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) =>
    f(a as tf.Tensor2D, b as tf.Tensor2D),
  )([h, w]);
  const out = { loss: value.dataSync()[0], dh: grads[0].dataSync(), dw: grads[1].dataSync() };
  value.dispose();
  for (const g of grads) g.dispose();
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe("sparse chunked cross-entropy", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("one chunk equals the one-hot loss bit for bit (loss, hidden and head gradients)", () => {
    const p = problem(24, 8, 37, 1);
    const ref = gradsOf((h, w) => oneHotLoss(h, w, p.labels, p.weights, p.den), p.hidden, p.head);
    const ours = gradsOf(
      (h, w) => sparseCrossEntropy(h, w, p.labels, p.weights, p.den, { headTrainable: true }).loss,
      p.hidden,
      p.head,
    );
    expect(ours.loss).toBe(ref.loss);
    expect(Array.from(ours.dh)).toEqual(Array.from(ref.dh));
    expect(Array.from(ours.dw)).toEqual(Array.from(ref.dw));
    const auto = gradsOf((h, w) => autodiffLoss(h, w, p.labels, p.weights, p.den), p.hidden, p.head);
    expect(Math.abs(ours.loss - auto.loss)).toBeLessThan(1e-6);
    expect(maxDiff(ours.dh, auto.dh)).toBeLessThan(1e-6);
    expect(maxDiff(ours.dw, auto.dw)).toBeLessThan(1e-6);
  });

  it("many chunks (4 rows each) match the one-hot loss and gradients within 1e-6", () => {
    const p = problem(30, 8, 37, 2);
    const chunkBytes = 4 * 37 * 4; // 4 rows of logits per chunk → 6 chunks over the 22 weighted rows
    expect(chunkRows(37, chunkBytes)).toBe(4);
    const ref = gradsOf((h, w) => oneHotLoss(h, w, p.labels, p.weights, p.den), p.hidden, p.head);
    const ours = gradsOf(
      (h, w) =>
        sparseCrossEntropy(h, w, p.labels, p.weights, p.den, { headTrainable: true, chunkBytes }).loss,
      p.hidden,
      p.head,
    );
    expect(Math.abs(ours.loss - ref.loss)).toBeLessThan(1e-6);
    expect(maxDiff(ours.dh, ref.dh)).toBeLessThan(1e-6);
    expect(maxDiff(ours.dw, ref.dw)).toBeLessThan(1e-6);
    // Rows without loss get exactly zero gradient.
    for (let c = 0; c < 8; c++) expect(ours.dh[1 * 8 + c]).toBe(0);
  });

  it("a frozen head gets no gradient work; the hidden gradient is unchanged", () => {
    const p = problem(30, 8, 37, 3);
    for (const chunkBytes of [undefined, 4 * 37 * 4]) {
      const ref = gradsOf((h, w) => oneHotLoss(h, w, p.labels, p.weights, p.den), p.hidden, p.head);
      const { value, grads } = tf.valueAndGrads(
        (h: tf.Tensor) =>
          sparseCrossEntropy(h as tf.Tensor2D, p.head, p.labels, p.weights, p.den, {
            headTrainable: false,
            chunkBytes,
          }).loss,
      )([p.hidden]);
      expect(Math.abs(value.dataSync()[0] - ref.loss)).toBeLessThan(1e-6);
      expect(maxDiff(grads[0].dataSync(), ref.dh)).toBeLessThan(1e-6);
    }
  });

  it("counts weighted argmax hits the same way in one chunk and in many", () => {
    const p = problem(30, 8, 37, 4);
    const hits = (chunkBytes?: number) =>
      tf.tidy(() => {
        const out = sparseCrossEntropy(p.hidden, p.head, p.labels, p.weights, p.den, {
          headTrainable: true,
          chunkBytes,
        });
        const v = out.correct.dataSync()[0];
        out.correct.dispose();
        return v;
      });
    const logits = tf.matMul(p.hidden, p.head, false, true).arraySync() as number[][];
    let expected = 0;
    logits.forEach((row, r) => {
      if (p.weights[r] && row.indexOf(Math.max(...row)) === p.labels[r]) expected++;
    });
    expect(hits()).toBe(expected);
    expect(hits(4 * 37 * 4)).toBe(expected);
  });
});
