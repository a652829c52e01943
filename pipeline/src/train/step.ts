// One optimizer step: forward + backward over the micro-batches (gradients summed; each loss is
// divided by the step's loss-token count, so the sum is a token mean), global-norm clipping, AdamW.
// Shared by the trainer (sft.ts) and the benchmark (bench/train.ts).
//
//   const { loss, correct, gradNorm } = trainStep(model, opt, [batch], { lr: 3e-4, clipGradNorm: 1 });
import * as tf from "@tensorflow/tfjs";
import type { DecoderModel } from "../model/families.ts";
import { forwardGpt, paramName } from "../model/gpt.ts";
import { maskedCrossEntropy } from "../model/loss.ts";
import type { Batch } from "./batching.ts";
import type { Optimizer } from "./optimizer.ts";

export interface StepResult {
  /** Mean loss over the step's loss-carrying tokens. */
  loss: number;
  /** Loss-carrying tokens predicted right (argmax). */
  correct: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

export function trainStep(
  model: DecoderModel,
  opt: Optimizer,
  micro: readonly Batch[],
  o: { lr: number; clipGradNorm: number },
): StepResult {
  const denominator = micro.reduce((a, b) => a + b.lossTokens, 0);
  const { loss, correct, grads } = accumulateGrads(model, micro, denominator);
  const gradNorm = opt.update(grads, o.lr, o.clipGradNorm);
  for (const g of grads.values()) g.dispose();
  return { loss, correct, gradNorm };
}

/** Sum of gradients over micro-batches (each loss already divided by the step's token count). */
function accumulateGrads(model: DecoderModel, micro: readonly Batch[], denominator: number) {
  const vars = [...model.params.values()];
  const grads = new Map<string, tf.Tensor>();
  let loss = 0;
  let correct = 0;
  for (const b of micro) {
    let hits: tf.Scalar | undefined;
    const { value, grads: g } = tf.variableGrads(() => {
      const { logits } = forwardGpt(model, b.input);
      const out = maskedCrossEntropy(logits, b.labels, b.weights, denominator);
      hits = tf.keep(out.correct);
      return out.loss;
    }, vars);
    loss += value.dataSync()[0];
    correct += (hits as tf.Scalar).dataSync()[0];
    value.dispose();
    hits?.dispose();
    for (const [name, t] of Object.entries(g)) {
      const key = paramName(name);
      const prev = grads.get(key);
      if (prev) {
        grads.set(key, tf.add(prev, t));
        prev.dispose();
        t.dispose();
      } else grads.set(key, t);
    }
  }
  return { loss, correct, grads };
}
