// One optimizer step: forward + backward over the micro-batches (gradients of the trainable
// parameters summed; each loss is divided by the step's loss-token count, so the sum is a token
// mean), global-norm clipping, AdamW. Shared by the trainer (sft.ts) and the benchmark
// (bench/train.ts). Host reads are asynchronous so the step runs on every backend.
//
//   const { loss, correct, gradNorm } = await trainStep(model, opt, [batch], { lr: 3e-4, clipGradNorm: 1 });
import * as tf from "@tensorflow/tfjs";
import { type CausalLM, paramName } from "../model/causal-lm.ts";
import { sparseCrossEntropy } from "../model/loss.ts";
import type { Batch } from "./batching.ts";
import type { Optimizer } from "./optimizer-types.ts";

export interface StepResult {
  /** Mean loss over the step's loss-carrying tokens. */
  loss: number;
  /** Loss-carrying tokens predicted right (argmax). */
  correct: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

export interface StepOptions {
  lr: number;
  clipGradNorm: number;
  /** Randomness of this step (LoRA dropout): run seed and step index. */
  seed?: number;
  step?: number;
  /** Activation checkpointing (model/remat.ts): less memory, one more forward pass. */
  checkpoint?: boolean;
}

export async function trainStep(
  model: CausalLM,
  opt: Optimizer,
  micro: readonly Batch[],
  o: StepOptions,
): Promise<StepResult> {
  const denominator = micro.reduce((a, b) => a + b.lossTokens, 0);
  const { loss, correct, grads } = await accumulateGrads(model, micro, denominator, o);
  const gradNorm = await opt.update(grads, o.lr, o.clipGradNorm);
  for (const g of grads.values()) g.dispose();
  return { loss, correct, gradNorm };
}

/** Sum of gradients over micro-batches (each loss already divided by the step's token count). */
async function accumulateGrads(
  model: CausalLM,
  micro: readonly Batch[],
  denominator: number,
  o: StepOptions,
) {
  const vars = [...model.trainable().values()];
  const grads = new Map<string, tf.Tensor>();
  let loss = 0;
  let correct = 0;
  for (const [m, b] of micro.entries()) {
    let hits: tf.Scalar | undefined;
    const train = { seed: o.seed ?? 0, step: o.step ?? 0, micro: m };
    const { value, grads: g } = tf.variableGrads(() => {
      const { hidden } = model.forward(b.input, undefined, { train, checkpoint: o.checkpoint });
      const out = sparseCrossEntropy(hidden, model.head(), b.labels, b.weights, denominator, {
        headTrainable: model.headTrainable(),
      });
      hits = out.correct;
      return out.loss;
    }, vars);
    loss += (await value.data())[0];
    correct += (await (hits as tf.Scalar).data())[0];
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
