// A model's parameters as named host tensors (for safetensors files and checkpoints).
import type { DecoderModel } from "./families.ts";
import type { NamedTensor } from "./tensor-file.ts";

export function modelTensorsOf(model: DecoderModel): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const [name, p] of model.params)
    out.set(name, { shape: p.shape, values: p.dataSync() as Float32Array });
  return out;
}
