// `GatherV2` for the common embedding case on `wasm` (axis 0, no batch dims, float32 rows): rows
// copied straight from heap to heap with typed-array `set`. The stock kernel goes element by element
// through generic strides. Other cases go to the stock kernel. Indices are checked like the stock one.
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs, WasmBackendInternals } from "./types.ts";

type StockKernel = (args: KernelArgs<WasmBackendInternals>) => TensorInfo;

export function makeWasmGather(stock: StockKernel): KernelConfig {
  const kernelFunc = (args: KernelArgs<WasmBackendInternals>): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { x, indices } = inputs;
    const axis = Number(attrs.axis ?? 0);
    if (
      (axis !== 0 && axis !== -x.shape.length) ||
      Number(attrs.batchDims ?? 0) !== 0 ||
      x.dtype !== "float32" ||
      indices.dtype !== "int32"
    ) {
      return stock(args);
    }
    const rows = x.shape[0];
    const row = x.shape.slice(1).reduce((p, d) => p * d, 1);
    const count = indices.shape.reduce((p, d) => p * d, 1);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], "float32");
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    const ids = backend.typedArrayFromHeap(indices) as Int32Array;
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    for (let i = 0; i < count; i++) {
      const r = ids[i];
      if (r < 0 || r >= rows) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
      }
      dst.set(src.subarray(r * row, (r + 1) * row), i * row);
    }
    return out;
  };
  return { kernelName: "GatherV2", backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc };
}
