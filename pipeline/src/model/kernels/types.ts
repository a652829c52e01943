// The few backend internals the kernel overrides touch, typed narrowly. These are private APIs of
// @tensorflow/tfjs-backend-wasm and -backend-cpu 4.22; package.json pins that exact version and
// kernels.test.ts checks every override against the stock `cpu` kernels.
import type { DataType, TensorInfo } from "@tensorflow/tfjs";

export interface WasmModule {
  HEAPU8: Uint8Array;
  cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
  tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
  };
}

export interface WasmBackendInternals {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object): boolean;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export interface CpuBackendInternals {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array | Int32Array): TensorInfo;
}

/** Arguments tfjs passes to every kernel function. */
export interface KernelArgs<B> {
  inputs: Record<string, TensorInfo>;
  backend: B;
  attrs: Record<string, unknown>;
}
