// `AddN` for the `webgpu` backend that respects the device's storage-buffer limit. The stock kernel
// binds every input and the output as storage buffers of one shader, so tf.addN over more than
// `maxStorageBuffersPerShaderStage − 1` tensors (8 by default, 16 on lavapipe even with the adapter's
// limits; the global gradient norm sums one square per parameter, 29 for a 2-layer GPT) fails
// validation, which WebGPU only logs: the sum silently reads as 0. This one adds in chunks that fit,
// in input order (a tree of stock AddN calls), so `tf.addN` takes any number of tensors.
import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs";

interface WebGpuBackendInternals {
  device: { limits: { maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
}

type Stock = (args: { inputs: TensorInfo[]; backend: WebGpuBackendInternals; attrs: object }) => TensorInfo;

/** Inputs one AddN shader may take on a device with `maxStorageBuffers` per stage (one is the output). */
export function addNChunk(maxStorageBuffers: number): number {
  return Math.max(2, maxStorageBuffers - 1);
}

export function makeWebGpuAddN(stock: Stock): KernelConfig {
  const kernelFunc = (args: { inputs: unknown; backend: unknown; attrs: object }): TensorInfo => {
    const backend = args.backend as WebGpuBackendInternals;
    const chunk = addNChunk(backend.device.limits.maxStorageBuffersPerShaderStage);
    let level = Object.values(args.inputs as Record<string, TensorInfo>);
    if (level.length <= chunk) return stock({ inputs: level, backend, attrs: args.attrs });
    const temps: TensorInfo[] = [];
    while (level.length > chunk) {
      const next: TensorInfo[] = [];
      for (let i = 0; i < level.length; i += chunk) {
        const part = level.slice(i, i + chunk);
        if (part.length === 1) next.push(part[0]);
        else {
          const sum = stock({ inputs: part, backend, attrs: args.attrs });
          temps.push(sum);
          next.push(sum);
        }
      }
      level = next;
    }
    const out = stock({ inputs: level, backend, attrs: args.attrs });
    for (const t of temps) backend.disposeData(t.dataId);
    return out;
  };
  return { kernelName: "AddN", backendName: "webgpu", kernelFunc: kernelFunc as KernelConfig["kernelFunc"] };
}
