// AdamW with decoupled weight decay (Loshchilov & Hutter): p ← p − lr·(m̂/(√v̂ + ε) + wd·p).
// Decay applies to tensors of rank ≥ 2 (linear weights and the token/position embeddings, as in
// nanoGPT); biases and norm gains are never decayed. Also: global-norm gradient clipping.
// The moments are plain tensors, exported and restored bit for bit by checkpoints.
//
// This tensor version is for device backends (GPU), where parameters stay on the device; the CPU
// backends use host-adamw.ts. `createOptimizer` picks one.
//
//   const opt = createOptimizer(model.trainable(), { beta1, beta2, eps, weightDecay }, backendName);
//   const norm = await opt.update(grads, lrAt(step, …), clipGradNorm);   // norm before clipping
// Host reads are asynchronous (`await t.data()`): a synchronous read throws on WebGPU in Node.
import * as tf from "@tensorflow/tfjs";
import { HostAdamW } from "./host-adamw.ts";
import type { AdamWConfig, AdamWState, Optimizer } from "./optimizer-types.ts";

export type { AdamWConfig, AdamWState, Optimizer } from "./optimizer-types.ts";

export class AdamW implements Optimizer {
  readonly params: Map<string, tf.Variable>;
  readonly config: AdamWConfig;
  step = 0;
  private m = new Map<string, tf.Tensor>();
  private v = new Map<string, tf.Tensor>();

  constructor(params: Map<string, tf.Variable>, config: AdamWConfig) {
    this.params = params;
    this.config = config;
    for (const [name, p] of params) {
      this.m.set(name, tf.zerosLike(p));
      this.v.set(name, tf.zerosLike(p));
    }
  }

  static decays(shape: number[]): boolean {
    return shape.length >= 2;
  }

  async update(grads: Map<string, tf.Tensor>, lr: number, maxNorm: number): Promise<number> {
    const norm = await clipByGlobalNorm(grads, maxNorm);
    this.apply(grads, lr);
    return norm;
  }

  /** One update with the given (already clipped) gradients, keyed by parameter name. */
  apply(grads: Map<string, tf.Tensor>, lr: number): void {
    this.step++;
    const { beta1, beta2, eps, weightDecay } = this.config;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    for (const [name, p] of this.params) {
      const g = grads.get(name);
      if (!g) continue;
      const [m, v, next] = tf.tidy(() => {
        const m = tf.add(tf.mul(this.m.get(name) as tf.Tensor, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v.get(name) as tf.Tensor, beta2), tf.mul(tf.square(g), 1 - beta2));
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
        const decayed = AdamW.decays(p.shape) && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        return [m, v, tf.sub(decayed, tf.mul(update, lr))];
      });
      (this.m.get(name) as tf.Tensor).dispose();
      (this.v.get(name) as tf.Tensor).dispose();
      this.m.set(name, m);
      this.v.set(name, v);
      p.assign(next);
      next.dispose();
    }
  }

  async exportState(): Promise<AdamWState> {
    const read = async (src: Map<string, tf.Tensor>) => {
      const out = new Map<string, Float32Array>();
      for (const [k, t] of src) out.set(k, (await t.data()) as Float32Array);
      return out;
    };
    return { step: this.step, m: await read(this.m), v: await read(this.v) };
  }

  loadState(state: AdamWState): void {
    this.step = state.step;
    for (const [name, p] of this.params) {
      for (const [dst, src] of [
        [this.m, state.m],
        [this.v, state.v],
      ] as const) {
        const values = src.get(name);
        if (!values) throw new Error(`optimizer state lacks ${name}`);
        (dst.get(name) as tf.Tensor).dispose();
        dst.set(name, tf.tensor(values, p.shape));
      }
    }
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

/** Scale gradients in place so their global L2 norm is at most `maxNorm` (0 = off). Returns the norm before. */
export async function clipByGlobalNorm(grads: Map<string, tf.Tensor>, maxNorm: number): Promise<number> {
  // Summed pairwise: one addN over every gradient exceeds WebGPU's storage-buffer limit per shader.
  const total = tf.tidy(() => {
    let acc = tf.scalar(0);
    for (const g of grads.values()) acc = tf.add(acc, tf.sum(tf.square(g)));
    return acc;
  });
  const norm = Math.sqrt((await total.data())[0]);
  total.dispose();
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (const [k, g] of grads) {
      grads.set(k, tf.mul(g, scale));
      g.dispose();
    }
  }
  return norm;
}

/** Host AdamW on the CPU backends (wasm, cpu), tensor AdamW elsewhere. */
export function createOptimizer(
  params: Map<string, tf.Variable>,
  config: AdamWConfig,
  backendName: string,
): Optimizer {
  return backendName === "wasm" || backendName === "cpu"
    ? new HostAdamW(params, config)
    : new AdamW(params, config);
}
