// One training step (forward + backward of a GPT over a packed batch) on `wasm` — with every kernel
// override installed (UnsortedSegmentSum, BatchMatMul, Identity, Cast, Sum, GatherV2) and the
// matrix products through XNNPACK, then through the native OpenBLAS sgemm when it is built — against
// the `cpu` backend: the same loss and every gradient within the backend-parity harness's
// DEFAULT_TOLERANCE (model/backend-parity.ts: loss 1e-6 relative; per gradient 1e-5 relative L2
// and max |Δ| ≤ 1e-4 · max |g|). Measured here (2 cases, both matmul paths): loss 2.7e-7 relative,
// gradients 6.3e-7 relative L2 and max |Δ| 6.5e-7 · max |g| at most. Without the native addon its
// case is skipped by name.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  compareSteps,
  DEFAULT_TOLERANCE,
  formatParity,
  gptStepCase,
  readStep,
  type StepCase,
} from "../model/backend-parity.ts";
import type { GptConfig } from "../model/families/gpt.ts";
import { selectWasmMatMul, wasmMatMulMode } from "../model/kernels/index.ts";
import { loadNativeBlas } from "../model/native/native-blas.ts";

const LEARNED: GptConfig = {
  vocabSize: 192,
  layers: 2,
  dModel: 64,
  heads: 4,
  mlpHidden: 256,
  context: 64,
  positions: "learned",
  tieEmbeddings: true,
};
const ROTARY_GQA: GptConfig = { ...LEARNED, kvHeads: 2, positions: "rotary", tieEmbeddings: false };
const CASES: StepCase[] = [gptStepCase(LEARNED, 4, 48), gptStepCase(ROTARY_GQA, 3, 32)];
const OVERRIDES = ["UnsortedSegmentSum", "BatchMatMul", "Identity", "Cast", "Sum", "GatherV2"];

async function wasmAgainstCpu(mode: "xnnpack" | "native") {
  const reports = [];
  for (const c of CASES) {
    const ref = await readStep("cpu", c);
    const wasm = await readStep("wasm", c); // starts wasm (overrides installed once), then the mode:
    expect(selectWasmMatMul(mode)).toBe(true);
    expect(wasmMatMulMode()).toBe(mode);
    const again = await readStep("wasm", c);
    expect(wasmMatMulMode()).toBe(mode); // still: the second start kept the selection
    for (const k of OVERRIDES) expect(tf.getKernel(k, "wasm"), k).toBeDefined();
    reports.push(compareSteps(ref, again, DEFAULT_TOLERANCE, c.name));
    expect(wasm.grads.size).toBe(ref.grads.size);
  }
  return reports;
}

describe("a training step on wasm against cpu", () => {
  it("wasm, every kernel override, XNNPACK matrix products: loss and every gradient within tolerance", async () => {
    for (const r of await wasmAgainstCpu("xnnpack")) {
      expect(r.b.name).toBe("wasm");
      expect(r.grads.length).toBeGreaterThan(20);
      expect(r.ok, formatParity(r)).toBe(true);
    }
  });

  const native = loadNativeBlas() !== undefined;
  it.skipIf(!native)(
    `wasm, every kernel override, native OpenBLAS sgemm: loss and every gradient within tolerance${native ? "" : " [SKIPPED: the native sgemm is not built here]"}`,
    async () => {
      for (const r of await wasmAgainstCpu("native")) expect(r.ok, formatParity(r)).toBe(true);
    },
  );
});
