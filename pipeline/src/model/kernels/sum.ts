// `Sum` over leading axes for the `wasm` backend (e.g. bias and norm-gain gradients: Σ over rows of
// a [rows, n] tensor). The stock kernel transposes the input so the reduced axes come last, then
// reduces; this one adds rows straight from the heap in one pass (float64 accumulators, fixed order,
// so results are deterministic). Other reductions go to the stock kernel.
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs, WasmBackendInternals } from "./types.ts";

type StockKernel = (args: KernelArgs<WasmBackendInternals>) => TensorInfo;

export function makeWasmSum(stock: StockKernel): KernelConfig {
  const kernelFunc = (args: KernelArgs<WasmBackendInternals>): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x;
    const rank = x.shape.length;
    const raw = attrs.axis as number | number[];
    const axes = [...new Set((Array.isArray(raw) ? raw : [raw]).map((a) => (a < 0 ? a + rank : a)))].sort(
      (a, b) => a - b,
    );
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== "float32") return stock(args);
    const kept = x.shape.slice(axes.length);
    const inner = kept.reduce((p, d) => p * d, 1);
    const outer = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const shape = attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(shape, "float32");
    const acc = new Float64Array(inner);
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    for (let o = 0; o < outer; o++) {
      const base = o * inner;
      for (let i = 0; i < inner; i++) acc[i] += src[base + i];
    }
    (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
    return out;
  };
  return { kernelName: "Sum", backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc };
}
