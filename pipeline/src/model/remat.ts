// Activation checkpointing ("rematerialisation") for one block of a model: the forward keeps only
// the block's input, and backward runs the block again to get the gradients of its input and of
// the parameters that train. tfjs otherwise keeps every op's saved inputs from the whole forward
// pass until backward (about 60 floats per token per layer and hidden unit on the GPT), which is
// what limits batch × sequence on the 4 GiB WebAssembly heap. Costs one more forward pass.
//
//   x = remat((x, params, consts) => block(x, params, consts), x, trainableOfBlock, [mask, cos, sin]);
//
// `fn` must be deterministic (LoRA dropout draws from a seeded generator, so it is) and must read
// trainable tensors only from `params` and step-local constants (masks, rotary tables) only from
// `consts`: those are kept for backward; everything else it reads must outlive the step (weights).
import * as tf from "@tensorflow/tfjs";

type Saver = (t: tf.Tensor[]) => void;

export function remat(
  fn: (x: tf.Tensor2D, params: tf.Tensor[], consts: tf.Tensor[]) => tf.Tensor2D,
  x: tf.Tensor2D,
  params: readonly tf.Tensor[],
  consts: readonly tf.Tensor[],
): tf.Tensor2D {
  const nParams = params.length;
  const op = tf.customGrad((...args: (tf.Tensor | Saver)[]) => {
    const save = args[args.length - 1] as Saver;
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const xs = inputs[0] as tf.Tensor2D;
    const ps = inputs.slice(1, 1 + nParams);
    // Constants are not inputs (no gradient), but backward needs them: keep them with the input.
    save([xs, ...ps, ...consts]);
    const value = fn(xs, ps, [...consts]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const sx = saved[0] as tf.Tensor2D;
      const sp = saved.slice(1, 1 + nParams);
      const sc = saved.slice(1 + nParams);
      // A gradient computed inside backward: tfjs's engine forgets the outer tape when the inner
      // computation ends (it clears `activeTape` at depth 0), so the outer tape is put back.
      const state = (tf.engine() as unknown as { state: { activeTape: unknown } }).state;
      const outerTape = state.activeTape;
      try {
        const g = tf.grads((...t: tf.Tensor[]) => fn(t[0] as tf.Tensor2D, t.slice(1), sc));
        return g([sx, ...sp], dy);
      } finally {
        state.activeTape = outerTape;
      }
    };
    return { value, gradFunc };
  });
  return op(x, ...params) as tf.Tensor2D;
}
