// A fast `BatchMatMul` for the `wasm` backend. The stock kernel sends a product to XNNPACK only
// when both operands are batch-1 and untransposed; everything else (every matMul gradient, every
// rank-3 product, batched attention) runs in a naive loop at about 1 GFLOP/s. This kernel turns
// every case into XNNPACK-eligible calls of the stock kernel:
//   1. transposed operands are materialised with the wasm Transpose kernel (cheap next to the product);
//   2. a [B,M,K]×[K,N] (or [B,M,K]×[1,K,N]) product becomes one [1,B·M,K]×[1,K,N] call;
//   3. a true batched product makes one call per batch on zero-copy "views": tensor ids registered
//      at offsets inside the operands' and the output's heap memory.
// Batch broadcasting other than "equal" or "one side is 1" goes to the stock kernel unchanged.
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs, WasmBackendInternals } from "./types.ts";

type StockKernel = (args: KernelArgs<WasmBackendInternals>) => TensorInfo;
type CallMatMul = (...args: unknown[]) => void;

const F32 = 4;

export function makeWasmBatchMatMul(stock: StockKernel, stockTranspose: StockKernel): KernelConfig {
  let call: CallMatMul | undefined;
  const kernelFunc = (args: KernelArgs<WasmBackendInternals>): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs;
    const transposeA = Boolean(attrs.transposeA);
    const transposeB = Boolean(attrs.transposeB);
    const batchA = size(a.shape.slice(0, -2));
    const batchB = size(b.shape.slice(0, -2));
    const simple = !transposeA && !transposeB && batchA === 1 && batchB === 1;
    const broadcastable = batchA === batchB || batchA === 1 || batchB === 1;
    if (simple || !broadcastable || a.dtype !== "float32" || b.dtype !== "float32") return stock(args);
    call ??= backend.wasm.cwrap(
      "BatchMatMul",
      null,
      Array(9)
        .fill("number")
        .map((t, i) => (i === 1 || i === 4 ? "array" : t)),
    );

    const temps: TensorInfo[] = [];
    const at = transposeA ? transposeLast2(a, backend, stockTranspose, temps) : a;
    const bt = transposeB ? transposeLast2(b, backend, stockTranspose, temps) : b;
    const m = at.shape[at.shape.length - 2];
    const k = at.shape[at.shape.length - 1];
    const n = bt.shape[bt.shape.length - 1];
    if (bt.shape[bt.shape.length - 2] !== k) {
      throw new Error(`matMul: inner dimensions ${k} and ${bt.shape[bt.shape.length - 2]} do not match`);
    }
    const outBatchShape = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const batch = Math.max(batchA, batchB);
    const out = backend.makeOutput([batch, m, n], "float32");
    const idOf = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).id;
    if (batchB === 1) {
      // Fold the batch into the rows: one XNNPACK product.
      run(call, idOf(at), [1, batch * m, k], idOf(bt), [1, k, n], idOf(out));
    } else {
      const baseA = backend.dataIdMap.get(at.dataId).memoryOffset;
      const baseB = backend.dataIdMap.get(bt.dataId).memoryOffset;
      const baseOut = backend.dataIdMap.get(out.dataId).memoryOffset;
      for (let i = 0; i < batch; i++) {
        const va = view(backend, baseA + (batchA === 1 ? 0 : i * m * k * F32), m * k);
        const vb = view(backend, baseB + i * k * n * F32, k * n);
        const vo = view(backend, baseOut + i * m * n * F32, m * n);
        run(call, va, [1, m, k], vb, [1, k, n], vo);
        backend.wasm.tfjs.disposeData(va);
        backend.wasm.tfjs.disposeData(vb);
        backend.wasm.tfjs.disposeData(vo);
      }
    }
    for (const t of temps) backend.disposeData(t.dataId);
    return { dataId: out.dataId, shape: [...outBatchShape, m, n], dtype: "float32" };
  };
  return { kernelName: "BatchMatMul", backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc };
}

function run(call: CallMatMul, aId: number, aShape: number[], bId: number, bShape: number[], outId: number) {
  const bytes = (s: number[]) => new Uint8Array(new Int32Array(s).buffer);
  call(aId, bytes(aShape), 3, bId, bytes(bShape), 3, 0, 0, outId);
}

/** Register a tensor id at a heap offset without allocating: a window into existing memory. */
function view(backend: WasmBackendInternals, offset: number, elements: number): number {
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, elements, offset);
  return id;
}

function transposeLast2(
  x: TensorInfo,
  backend: WasmBackendInternals,
  stockTranspose: StockKernel,
  temps: TensorInfo[],
): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  const t = stockTranspose({ inputs: { x }, backend, attrs: { perm } });
  temps.push(t);
  return t;
}

function size(shape: number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

function broadcastShape(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}
