// What the trainer needs from an optimizer, shared by AdamW on tensors (optimizer.ts) and AdamW on
// host arrays (host-adamw.ts): its hyperparameters, its saved state, and the update/export calls.
import type * as tf from "@tensorflow/tfjs";

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export interface AdamWState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/** What the trainer needs from an optimizer; AdamW (tensors) and HostAdamW (host arrays) implement it. */
export interface Optimizer {
  step: number;
  /** Clip (0 = off), then update the parameters; returns the gradient norm before clipping. */
  update(grads: Map<string, tf.Tensor>, lr: number, maxNorm: number): Promise<number>;
  exportState(): Promise<AdamWState>;
  loadState(state: AdamWState): void;
  dispose(): void;
}
