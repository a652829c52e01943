// Kernel overrides, installed once per backend by `initBackend` (model/backend.ts):
//   wasm: UnsortedSegmentSum (missing upstream; mandatory for training), a BatchMatMul that
//         keeps every product fast: through the optional native OpenBLAS addon when it is built
//         (native/), else through XNNPACK (6–8× the stock kernel on training steps), and
//         zero-copy Identity / same-dtype Cast (tfjs clones every tensor saved for backward),
//         a one-pass Sum over leading axes (bias gradients) and a row-copy GatherV2 (embeddings);
//   cpu:  an O(N·d) UnsortedSegmentSum instead of the stock O(vocab·N·d) one.
//   webgpu: an AddN that sums in chunks within the device's storage-buffer limit (webgpu-addn.ts).
//
//   installKernelOverrides("wasm");          // idempotent; returns the kernels replaced
//   selectWasmMatMul("xnnpack" | "native");     // switch (tests, benchmarks); false if unavailable
import * as tf from "@tensorflow/tfjs";
import { loadNativeBlas, makeNativeBatchMatMul } from "../native/native-blas.ts";
import { makeWasmBatchMatMul } from "./batch-matmul.ts";
import { makeWasmGather } from "./gather.ts";
import { makeWasmCast, makeWasmIdentity } from "./identity.ts";
import { CPU_SEGMENT_SUM, WASM_SEGMENT_SUM } from "./segment-sum.ts";
import { makeWasmSum } from "./sum.ts";
import type { KernelArgs, WasmBackendInternals } from "./types.ts";
import { makeWebGpuAddN } from "./webgpu-addn.ts";

type Stock = (a: KernelArgs<WasmBackendInternals>) => tf.TensorInfo;

const installed = new Set<string>();
let stockWasm: { matMul: Stock; transpose: Stock } | undefined;
let wasmMode: "stock" | "xnnpack" | "native" = "stock";

function replace(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName))
    tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

export function installKernelOverrides(backendName: string): string[] {
  if (installed.has(backendName)) return [];
  installed.add(backendName);
  if (backendName === "wasm") {
    replace(WASM_SEGMENT_SUM);
    const matMul = tf.getKernel("BatchMatMul", "wasm");
    const transpose = tf.getKernel("Transpose", "wasm");
    // The stock kernels must be captured after the backend started (their setup has run).
    if (matMul && transpose)
      stockWasm = {
        matMul: matMul.kernelFunc as unknown as Stock,
        transpose: transpose.kernelFunc as unknown as Stock,
      };
    if (!selectWasmMatMul("native")) selectWasmMatMul("xnnpack");
    const identity = tf.getKernel("Identity", "wasm");
    const cast = tf.getKernel("Cast", "wasm");
    if (identity) replace(makeWasmIdentity(identity.kernelFunc as unknown as Stock));
    if (cast) replace(makeWasmCast(cast.kernelFunc as unknown as Stock));
    const sum = tf.getKernel("Sum", "wasm");
    if (sum) replace(makeWasmSum(sum.kernelFunc as unknown as Stock));
    const gather = tf.getKernel("GatherV2", "wasm");
    if (gather) replace(makeWasmGather(gather.kernelFunc as unknown as Stock));
    return ["UnsortedSegmentSum", "BatchMatMul", "Identity", "Cast", "Sum", "GatherV2"];
  }
  if (backendName === "cpu") {
    replace(CPU_SEGMENT_SUM);
    return ["UnsortedSegmentSum"];
  }
  if (backendName === "webgpu") {
    const addN = tf.getKernel("AddN", "webgpu");
    if (addN) replace(makeWebGpuAddN(addN.kernelFunc as unknown as Parameters<typeof makeWebGpuAddN>[0]));
    return addN ? ["AddN"] : [];
  }
  return [];
}

export function selectWasmMatMul(mode: "xnnpack" | "native"): boolean {
  if (!stockWasm) return false;
  if (mode === "native") {
    const native = loadNativeBlas();
    if (!native) return false;
    replace(makeNativeBatchMatMul(native, stockWasm.matMul));
  } else replace(makeWasmBatchMatMul(stockWasm.matMul, stockWasm.transpose));
  wasmMode = mode;
  return true;
}

/** Which BatchMatMul the wasm backend runs: `native` (OpenBLAS addon), `xnnpack` or `stock`. */
export function wasmMatMulMode(): "stock" | "xnnpack" | "native" {
  return wasmMode;
}
