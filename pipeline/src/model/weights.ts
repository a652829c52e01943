// A model's tensors as named host arrays (for safetensors files and checkpoints), read
// asynchronously so it works on every backend (a synchronous read throws on WebGPU in Node), and
// the SHA-256 of a model's base weights (a LoRA adapter records it and refuses other weights).
//
//   const tensors = await modelTensorsOf(model);             // base weights
//   const tensors = await namedTensorsOf(model.trainable());  // what a checkpoint keeps
//   const hash = await baseWeightsHash(model);
import { createHash } from "node:crypto";
import type * as tf from "@tensorflow/tfjs";
import type { CausalLM } from "./causal-lm.ts";
import type { NamedTensor } from "./tensor-file.ts";

export async function namedTensorsOf(
  vars: ReadonlyMap<string, tf.Variable>,
): Promise<Map<string, NamedTensor>> {
  const out = new Map<string, NamedTensor>();
  for (const [name, p] of vars) out.set(name, { shape: p.shape, values: (await p.data()) as Float32Array });
  return out;
}

export function modelTensorsOf(model: CausalLM): Promise<Map<string, NamedTensor>> {
  return namedTensorsOf(model.params);
}

/** sha256 over the base weights in canonical order: name, shape, then the float32 bytes. */
export async function baseWeightsHash(model: CausalLM): Promise<string> {
  const h = createHash("sha256");
  for (const [name, p] of model.params) {
    h.update(`${name}:${p.shape.join("x")}\n`);
    const v = (await p.data()) as Float32Array;
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  return h.digest("hex");
}
