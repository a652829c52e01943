// Runtime detection of the optional native sgemm addon (see sgemm.c, build.ts) and the wasm
// `BatchMatMul` kernel that uses it: every product, transposed or batched, is one cblas_sgemm
// call per batch on the wasm heap itself (no copies), about 5–10× the XNNPACK speed of wasm on
// these CPUs. Used when the addon is built, an OpenBLAS loads, and TUNIX_NATIVE_BLAS is not "0".
//
//   const native = loadNativeBlas();   // undefined → stay on the pure-wasm kernels
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs, WasmBackendInternals } from "../kernels/types.ts";

export const NATIVE_ADDON_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../node_modules/.cache/tunix-rt/tunix-sgemm.node",
);

export interface NativeBlas {
  library: string;
  gemm(heap: ArrayBufferLike, ...ints: number[]): void;
}

let cached: NativeBlas | null | undefined;

export function loadNativeBlas(): NativeBlas | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  if (process.env.TUNIX_NATIVE_BLAS === "0") return undefined;
  // Debian's OpenBLAS 0.3.21 misreads recent Xeons and falls back to SSE3 kernels unless told the
  // core type; only say so where AVX-512 exists. Must be set before the library loads.
  if (!process.env.OPENBLAS_CORETYPE && hasAvx512()) process.env.OPENBLAS_CORETYPE = "SkylakeX";
  // Idle OpenMP workers sleep instead of spinning: the rest of a step is single-threaded wasm.
  process.env.OMP_WAIT_POLICY ??= "PASSIVE";
  try {
    const addon = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as {
      load(): string | null;
      gemm(...args: unknown[]): void;
      setThreads(n: number): void;
    };
    const library = addon.load();
    if (!library) return undefined;
    addon.setThreads(Math.max(1, Number(process.env.TUNIX_BLAS_THREADS ?? os.availableParallelism())));
    cached = { library, gemm: addon.gemm };
    return cached;
  } catch {
    return undefined;
  }
}

function hasAvx512(): boolean {
  try {
    return /\bavx512f\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return false;
  }
}

type StockKernel = (args: KernelArgs<WasmBackendInternals>) => TensorInfo;

export function makeNativeBatchMatMul(native: NativeBlas, stock: StockKernel): KernelConfig {
  const kernelFunc = (args: KernelArgs<WasmBackendInternals>): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs;
    const ta = Boolean(attrs.transposeA);
    const tb = Boolean(attrs.transposeB);
    const batchA = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const batchB = b.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const broadcastable = batchA === batchB || batchA === 1 || batchB === 1;
    if (!broadcastable || a.dtype !== "float32" || b.dtype !== "float32") return stock(args);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const m = ta ? a.shape[ra - 1] : a.shape[ra - 2];
    const k = ta ? a.shape[ra - 2] : a.shape[ra - 1];
    const n = tb ? b.shape[rb - 2] : b.shape[rb - 1];
    const kb = tb ? b.shape[rb - 1] : b.shape[rb - 2];
    if (k !== kb) throw new Error(`matMul: inner dimensions ${k} and ${kb} do not match`);
    const batch = Math.max(batchA, batchB);
    const outBatch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const out = backend.makeOutput([batch, m, n], "float32");
    const at = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset / 4;
    const heap = backend.wasm.HEAPU8.buffer; // after makeOutput: the heap may have grown
    if (batchB === 1 && !ta) {
      // [batch·m, k] · [k, n] as one product.
      native.gemm(heap, 0, tb ? 1 : 0, batch * m, n, k, at(a), at(b), at(out), 1, 0, 0, 0);
    } else {
      native.gemm(
        heap,
        ta ? 1 : 0,
        tb ? 1 : 0,
        m,
        n,
        k,
        at(a),
        at(b),
        at(out),
        batch,
        batchA === 1 ? 0 : m * k,
        batchB === 1 ? 0 : k * n,
        m * n,
      );
    }
    return { dataId: out.dataId, shape: [...outBatch, m, n], dtype: "float32" };
  };
  return { kernelName: "BatchMatMul", backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc };
}

function broadcastShape(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const da = a[a.length - r + i] ?? 1;
    return da === 1 ? (b[b.length - r + i] ?? 1) : da;
  });
}
