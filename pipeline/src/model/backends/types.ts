// What a backend loader reports once its backend runs (recorded in run.json's `backend`).
export interface BackendInfo {
  /** tfjs backend name: `tensorflow`, `webgpu`, `wasm` or `cpu`. */
  name: string;
  /** Version of the package that provides it. */
  version: string;
  /** What runs the math: `gpu`, `cpu` or `cpu+blas` (a software WebGPU adapter is `cpu`). */
  device: string;
  /** The GPU or adapter (e.g. "nvidia hopper NVIDIA H200", "mesa software llvmpipe…"). */
  adapter?: string;
  /** Its driver (e.g. "NVIDIA 570.86.15", "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)"). */
  driver?: string;
  /** Backends tried first that could not start, each "<backend>: <reason>". */
  fallbacks?: string[];
}
