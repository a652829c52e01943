// Zero-copy `Identity` (and same-dtype `Cast`) for the `wasm` backend. tfjs clones every tensor it
// saves for the backward pass through the Identity kernel, and wasm's Identity copies the whole
// tensor (the `cpu` backend shares the data instead). Tensor data is immutable, so sharing it with a
// reference count, as wasm's own Reshape does, is safe and removes those copies from every step.
import type { DataType, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs, WasmBackendInternals } from "./types.ts";

type Shared = WasmBackendInternals & { incRef(dataId: object): void };
type StockKernel = (args: KernelArgs<WasmBackendInternals>) => TensorInfo;

function share(x: TensorInfo, backend: Shared, dtype: DataType = x.dtype as DataType): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype };
}

export function makeWasmIdentity(stock: StockKernel): KernelConfig {
  const kernelFunc = (args: KernelArgs<Shared>): TensorInfo =>
    args.inputs.x.dtype === "string" ? stock(args) : share(args.inputs.x, args.backend);
  return { kernelName: "Identity", backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc };
}

export function makeWasmCast(stock: StockKernel): KernelConfig {
  const kernelFunc = (args: KernelArgs<Shared>): TensorInfo => {
    const x = args.inputs.x;
    return x.dtype === args.attrs.dtype ? share(x, args.backend) : stock(args);
  };
  return { kernelName: "Cast", backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc };
}
