// Named float32 tensors to and from one `.safetensors` file (weights, optimizer moments): a thin
// adapter over model/safetensors.ts, so the trainer deals in `{shape, values: Float32Array}` only.
// Other float dtypes (F16, BF16) are widened to float32 on load.
//
//   saveTensorFile(file, new Map([["wte", { shape: [v, d], values }]]), { format: "pt" });
//   const { tensors, metadata } = loadTensorFile(file);
import { existsSync } from "node:fs";
import { TunixError } from "../errors.ts";
import { readSafetensors, type SafeTensor, toFloat32, writeSafetensors } from "./safetensors.ts";

export interface NamedTensor {
  shape: number[];
  values: Float32Array;
}

export function saveTensorFile(
  file: string,
  tensors: Map<string, NamedTensor>,
  metadata: Record<string, string> = {},
): void {
  const out: Record<string, SafeTensor> = {};
  for (const [name, t] of tensors) out[name] = { dtype: "F32", shape: t.shape, data: t.values };
  writeSafetensors(file, out, metadata);
}

export function loadTensorFile(file: string): {
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
} {
  if (!existsSync(file)) throw new TunixError("E_NOT_FOUND", { file, message: "tensor file not found" });
  const { tensors, metadata } = readSafetensors(file);
  const out = new Map<string, NamedTensor>();
  for (const [name, t] of Object.entries(tensors)) out.set(name, { shape: t.shape, values: toFloat32(t) });
  return { tensors: out, metadata };
}
