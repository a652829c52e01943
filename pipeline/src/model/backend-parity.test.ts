// Backend step parity (backend-parity.ts): the comparison catches a wrong gradient, the cpu backend
// agrees with itself exactly, and — with TUNIX_WEBGPU_TESTS=1 (lavapipe in CI, time-limited there)
// — one training step of small GPTs on `webgpu` gives the `cpu` backend's loss and every gradient
// within DEFAULT_TOLERANCE.
import { describe, expect, it } from "vitest";
import {
  compareSteps,
  DEFAULT_TOLERANCE,
  formatParity,
  gptStepCase,
  runStepParity,
  type StepReading,
} from "./backend-parity.ts";
import type { GptConfig } from "./families/gpt.ts";

const TINY: GptConfig = {
  vocabSize: 97,
  layers: 1,
  dModel: 32,
  heads: 2,
  mlpHidden: 64,
  context: 16,
  positions: "learned",
  tieEmbeddings: true,
};

function reading(loss: number, g: number[]): StepReading {
  return {
    backend: { name: "x", version: "0", device: "cpu" },
    loss,
    grads: new Map([["w", Float32Array.from(g)]]),
    ms: 0,
  };
}

describe("compareSteps", () => {
  it("passes equal readings and flags a gradient off by more than the tolerance", () => {
    const a = reading(2, [1, -2, 3, 0.5]);
    expect(compareSteps(a, reading(2, [1, -2, 3, 0.5]), DEFAULT_TOLERANCE).ok).toBe(true);
    const off = compareSteps(a, reading(2, [1, -2, 3.001, 0.5]), DEFAULT_TOLERANCE);
    expect(off.ok).toBe(false);
    expect(off.grads[0].ok).toBe(false);
    expect(off.grads[0].maxAbsDiff).toBeCloseTo(0.001, 6);
    expect(compareSteps(a, reading(2.001, [1, -2, 3, 0.5]), DEFAULT_TOLERANCE).loss.ok).toBe(false);
  });

  it("flags a gradient missing on one side", () => {
    const b = reading(2, [1]);
    b.grads = new Map([["v", Float32Array.from([1])]]);
    const r = compareSteps(reading(2, [1]), b, DEFAULT_TOLERANCE);
    expect(r.ok).toBe(false);
    expect(r.grads.map((g) => g.name).sort()).toEqual(["v", "w"]);
  });
});

describe("runStepParity", () => {
  it("cpu against cpu is exact", async () => {
    const r = await runStepParity("cpu", "cpu", gptStepCase(TINY, 2, 8));
    expect(r.ok).toBe(true);
    expect(r.loss.rel).toBe(0);
    expect(r.grads.length).toBe(1 + 1 + 12 + 2); // wte, wpe, 12 per layer, ln_f
    for (const g of r.grads) expect(g.maxAbsDiff).toBe(0);
  });
});

describe.skipIf(process.env.TUNIX_WEBGPU_TESTS !== "1")("webgpu against cpu (TUNIX_WEBGPU_TESTS=1)", () => {
  it("one step of a 2-layer GPT with learned positions: loss and every gradient within tolerance", async () => {
    const c: GptConfig = {
      ...TINY,
      vocabSize: 256,
      layers: 2,
      dModel: 64,
      heads: 4,
      mlpHidden: 256,
      context: 64,
    };
    const r = await runStepParity("cpu", "webgpu", gptStepCase(c, 4, 64));
    expect(r.b.name).toBe("webgpu");
    expect(r.ok, formatParity(r)).toBe(true);
  });

  it("one step of a rotary GPT with grouped-query attention and an untied head", async () => {
    const c: GptConfig = {
      ...TINY,
      layers: 2,
      dModel: 64,
      heads: 4,
      kvHeads: 2,
      positions: "rotary",
      tieEmbeddings: false,
    };
    const r = await runStepParity("cpu", "webgpu", gptStepCase(c, 2, 16));
    expect(r.grads.some((g) => g.name === "lm_head.weight")).toBe(true);
    expect(r.ok, formatParity(r)).toBe(true);
  });

  it("one step with the cross-entropy in several chunks of logits (the large-vocabulary path)", async () => {
    // 97 × 4 bytes per row of logits; 2 KiB chunks = 5 rows, so 32 rows take 7 chunks.
    const r = await runStepParity("cpu", "webgpu", gptStepCase(TINY, 2, 16, 7, 2048));
    expect(r.ok, formatParity(r)).toBe(true);
  });
});
