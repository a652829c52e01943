// The training loop end to end on tiny models: overfitting, determinism, resume after an
// interruption (bit-identical losses), checkpoints kept, metrics rows, export + reload.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { sha256 } from "../io/json.ts";
import { checkpointRoot, listCheckpoints } from "./checkpoint.ts";
import { readMetrics } from "./metrics.ts";
import { trainRun } from "./sft.ts";
import { fixtureExamples, tinyConfig } from "./test-fixtures.ts";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "tunix-"));
const trainLosses = (root: string, id: string) =>
  readMetrics(path.join(root, "runs", id, "metrics.jsonl")).flatMap((r) =>
    r.kind === "train" ? [[r.step, r.loss]] : [],
  );

describe("trainRun", () => {
  it("overfits one small batch below 0.05 loss", async () => {
    const root = tmp();
    const config = tinyConfig({ steps: 150, schedule: "constant", weightDecay: 0, logEvery: 50, lr: 1e-2 });
    const examples = { train: fixtureExamples(4), eval: fixtureExamples(2) };
    const s = await trainRun({ root, runDir: "runs/overfit", config, examples });
    expect(s.loss).toBeLessThan(0.05);
    expect(s.steps).toBe(150);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it("gives bit-identical losses when interrupted and resumed, and keeps the last K checkpoints", async () => {
    const root = tmp();
    const config = tinyConfig({
      steps: 8,
      checkpointEvery: 2,
      keepCheckpoints: 2,
      evalEvery: 4,
      gradAccumSteps: 2,
      warmupSteps: 2,
    });
    const examples = { train: fixtureExamples(12), eval: fixtureExamples(4, 50) };
    const full = await trainRun({ root, runDir: "runs/full", config, examples });
    expect(full.steps).toBe(8);
    const again = await trainRun({ root, runDir: "runs/again", config, examples });
    expect(trainLosses(root, "again")).toEqual(trainLosses(root, "full"));

    const controller = new AbortController();
    const first = await trainRun({
      root,
      runDir: "runs/cut",
      config,
      examples,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 5) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.steps).toBe(5);
    expect(first.modelDir).toBeUndefined();
    const rest = await trainRun({ root, runDir: "runs/cut", config, examples, resume: true });
    expect(rest.steps).toBe(8);
    expect(trainLosses(root, "cut")).toEqual(trainLosses(root, "full"));
    expect(trainLosses(root, "full").length).toBe(8);
    const rows = readMetrics(path.join(root, "runs", "cut", "metrics.jsonl"));
    expect(rows.filter((r) => r.kind === "eval").map((r) => r.step)).toEqual([4, 8]);
    expect(listCheckpoints(checkpointRoot(path.join(root, "artifacts", "full")))).toEqual([6, 8]);
    expect(again.evalLoss).toBe(full.evalLoss);
  });

  it("LoRA: only adapters train and are checkpointed, eval loss falls, resume is bit-identical", async () => {
    const root = tmp();
    const config = tinyConfig({
      method: "lora",
      lora: { r: 4, alpha: 8, dropout: 0.1 },
      steps: 10,
      lr: 1e-2,
      checkpointEvery: 3,
      evalEvery: 5,
      logEvery: 1,
    });
    const examples = { train: fixtureExamples(16), eval: fixtureExamples(4, 50) };
    const full = await trainRun({ root, runDir: "runs/lora", config, examples });
    expect(full.method).toBe("lora");
    // 2 layers × 4 projections × (A + B): qkv 32→96, proj 32→32, fc 32→128, proj 128→32 at r = 4.
    expect(full.trainableParameters).toBe(2 * 4 * (32 + 96 + 32 + 32 + 32 + 128 + 128 + 32));
    expect(full.trainableParameters).toBeLessThan(full.parameters / 4);
    const evals = readMetrics(path.join(root, "runs", "lora", "metrics.jsonl")).flatMap((r) =>
      r.kind === "eval" ? [r.evalLoss] : [],
    );
    expect(evals).toHaveLength(2);
    expect(evals[1]).toBeLessThan(evals[0]);
    const ck = path.join(checkpointRoot(path.join(root, "artifacts", "lora")), "step-10");
    const { loadTensorFile } = await import("../model/tensor-file.ts");
    const saved = loadTensorFile(path.join(ck, "model.safetensors"));
    expect([...saved.tensors.keys()].every((k) => /\.lora_[AB]$/.test(k))).toBe(true);
    expect(saved.metadata.base_weights_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(path.join(full.modelDir as string, "adapter_model.safetensors"))).toBe(true);

    const controller = new AbortController();
    await trainRun({
      root,
      runDir: "runs/lora-cut",
      config,
      examples,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 4) controller.abort();
      },
    });
    await trainRun({ root, runDir: "runs/lora-cut", config, examples, resume: true });
    expect(trainLosses(root, "lora-cut")).toEqual(trainLosses(root, "lora"));

    // The same checkpoint over other base weights (another seed) is refused.
    const { cpSync } = await import("node:fs");
    cpSync(ck, path.join(checkpointRoot(path.join(root, "artifacts", "lora-other")), "step-10"), {
      recursive: true,
    });
    await expect(
      trainRun({
        root,
        runDir: "runs/lora-other",
        config: { ...config, seed: 9 },
        examples,
        resume: true,
      }),
    ).rejects.toThrow(/base_weights_sha256/);
  });

  it("exports a Hugging Face–style folder whose artifacts carry the files' sha256", async () => {
    const root = tmp();
    const config = tinyConfig({ steps: 2 });
    const s = await trainRun({
      root,
      runDir: "runs/exp",
      config,
      examples: { train: fixtureExamples(4), eval: [] },
    });
    const dir = s.modelDir as string;
    expect(readdirSync(dir).sort()).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    for (const a of s.artifacts) {
      const file = path.join(root, a.uri.replace(/^file:/, ""));
      expect(existsSync(file)).toBe(true);
      expect(sha256(readFileSync(file))).toBe(a.sha256);
    }
    expect(s.evalLoss).toBeUndefined();
  });
});
