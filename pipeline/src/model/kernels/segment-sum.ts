// `UnsortedSegmentSum` for the `wasm` and `cpu` backends: the gradient of `tf.gather`, so of every
// embedding lookup. `wasm` has no such kernel at all (training throws at the first backward pass)
// and the stock `cpu` one makes one pass over the data per segment, O(vocab·N·d): 38 s for one
// embedding gradient at vocab 4096. Both versions here are one O(N·d) pass in plain JS.
//
//   out[segmentIds[i], ...] += x[i, ...]   (ids outside [0, numSegments) are dropped, as in TF)
import type { DataType, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { CpuBackendInternals, KernelArgs, WasmBackendInternals } from "./types.ts";

function shapeOf(x: TensorInfo, ids: TensorInfo, numSegments: number): { outShape: number[]; inner: number } {
  const rest = x.shape.slice(ids.shape.length);
  const inner = rest.reduce((a, b) => a * b, 1);
  return { outShape: [numSegments, ...rest], inner };
}

/** The summation itself, shared by both backends. */
export function segmentSumInto(
  out: Float32Array | Int32Array,
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  inner: number,
  numSegments: number,
): void {
  out.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const xo = i * inner;
    for (let k = 0; k < inner; k++) out[o + k] += x[xo + k];
  }
}

function wasmSegmentSum(args: KernelArgs<WasmBackendInternals>): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x;
  const ids = inputs.segmentIds;
  const numSegments = Number(attrs.numSegments);
  const { outShape, inner } = shapeOf(x, ids, numSegments);
  const out = backend.makeOutput(outShape, x.dtype as DataType);
  // Views are taken after the allocation: malloc may grow (and replace) the heap buffer.
  const outView = backend.typedArrayFromHeap(out) as Float32Array;
  segmentSumInto(outView, backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(ids), inner, numSegments);
  return out;
}

function cpuSegmentSum(args: KernelArgs<CpuBackendInternals>): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x;
  const ids = inputs.segmentIds;
  const numSegments = Number(attrs.numSegments);
  const { outShape, inner } = shapeOf(x, ids, numSegments);
  const size = outShape.reduce((a, b) => a * b, 1);
  const values = x.dtype === "int32" ? new Int32Array(size) : new Float32Array(size);
  segmentSumInto(
    values,
    backend.data.get(x.dataId).values,
    backend.data.get(ids.dataId).values,
    inner,
    numSegments,
  );
  return backend.makeTensorInfo(outShape, x.dtype as DataType, values);
}

export const WASM_SEGMENT_SUM: KernelConfig = {
  kernelName: "UnsortedSegmentSum",
  backendName: "wasm",
  kernelFunc: wasmSegmentSum as unknown as KernelFunc,
};

export const CPU_SEGMENT_SUM: KernelConfig = {
  kernelName: "UnsortedSegmentSum",
  backendName: "cpu",
  kernelFunc: cpuSegmentSum as unknown as KernelFunc,
};
