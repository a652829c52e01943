// PEFT adapters and Hugging Face folders for Gemma 3: the files carry PEFT's key names, shapes and
// config fields; an exported adapter loads back to the same logits; the merged folder (full weights,
// [out, in], F32 or BF16) gives the base + adapter logits; a foreign base, an unknown module or a
// setting the project lacks is refused naming the file and key, a failed export leaves nothing, and
// the trainer's own folder (project layout + adapters) loads back.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { initBackend } from "./backend.ts";
import type { Gemma3Model } from "./families/gemma3.ts";
import { exportGemma3Folder } from "./families/gemma3-export.ts";
import { openGemma3 } from "./families/gemma3-open.ts";
import { attachLora } from "./lora.ts";
import { exportModelFolder, loadModelFolder } from "./model-folder.ts";
import { exportPeftAdapter, loadPeftAdapter, PEFT_CONFIG, PEFT_WEIGHTS } from "./peft.ts";
import { bf16ToF32, f32ToBf16, readSafetensors, writeSafetensors } from "./safetensors.ts";
import { createByteTokenizer } from "./tokenizers/index.ts";

const FIXTURE = path.join(import.meta.dirname, "families", "fixtures", "gemma3-hf5");
const IDS = Int32Array.from([4, 8, 15, 16, 23, 42, 7, 1, 30]);

function base(): Gemma3Model {
  return openGemma3({ dir: FIXTURE, display: "fixtures/gemma3-hf5" });
}

function adapted(): Gemma3Model {
  const m = base();
  const lora = attachLora(
    m,
    { r: 3, alpha: 6, dropout: 0.1, targetModules: ["q_proj", "v_proj", "down_proj"], rslora: false },
    1,
  );
  for (const ad of lora.modules.values()) ad.b.assign(tf.randomNormal(ad.b.shape, 0, 0.2, "float32", 2));
  return m;
}

function logits(m: Gemma3Model): Float32Array {
  const input = {
    ids: IDS,
    positions: Int32Array.from(IDS, (_, i) => i),
    segments: new Int32Array(IDS.length).fill(1),
    batch: 1,
    time: IDS.length,
  };
  return tf.tidy(() => m.logits(m.forward(input).hidden).dataSync() as Float32Array);
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), "tunix-peft-"));
}

async function errorOf(fn: () => Promise<unknown>): Promise<TunixError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof TunixError) return err;
    throw err;
  }
  throw new Error("no error");
}

describe("PEFT adapters and Hugging Face folders (cpu backend)", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("writes PEFT's layout: key names, [r, in] / [out, r] shapes, config fields", async () => {
    const m = adapted();
    const dir = path.join(tmp(), "adapter");
    await exportPeftAdapter(dir, m, { baseModel: "google/gemma-3-270m" });
    const cfg = JSON.parse(readFileSync(path.join(dir, PEFT_CONFIG), "utf8"));
    expect(cfg).toMatchObject({
      peft_type: "LORA",
      task_type: "CAUSAL_LM",
      r: 3,
      lora_alpha: 6,
      lora_dropout: 0.1,
      target_modules: ["q_proj", "v_proj", "down_proj"],
      bias: "none",
      fan_in_fan_out: false,
      use_rslora: false,
      use_dora: false,
      modules_to_save: null,
      base_model_name_or_path: "google/gemma-3-270m",
    });
    const { tensors, metadata } = readSafetensors(path.join(dir, PEFT_WEIGHTS));
    expect(metadata.format).toBe("pt");
    expect(metadata.tunix_base_weights_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(tensors)).toHaveLength(4 * 3 * 2);
    // hidden 24, 4 heads × head_dim 8 = 32, kv 2 × 8 = 16, intermediate 40
    expect(tensors["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"].shape).toEqual([3, 24]);
    expect(tensors["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"].shape).toEqual([32, 3]);
    expect(tensors["base_model.model.model.layers.3.self_attn.v_proj.lora_B.weight"].shape).toEqual([16, 3]);
    expect(tensors["base_model.model.model.layers.2.mlp.down_proj.lora_A.weight"].shape).toEqual([3, 40]);
    expect(tensors["base_model.model.model.layers.2.mlp.down_proj.lora_B.weight"].dtype).toBe("F32");
    m.dispose();
  });

  it("loads an exported adapter back to the same logits, and the merged folder to base + adapter", async () => {
    const m = adapted();
    const want = logits(m);
    const dir = tmp();
    await exportPeftAdapter(path.join(dir, "adapter"), m, { baseModel: "x" });
    const b = base();
    await loadPeftAdapter({ dir: path.join(dir, "adapter"), display: "adapter" }, b);
    expect(logits(b)).toEqual(want);
    expect(b.lora?.config.targetModules).toEqual(["q_proj", "v_proj", "down_proj"]);

    const files = await exportGemma3Folder(path.join(dir, "merged"), m, createByteTokenizer(), {
      dtype: "f32",
    });
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    expect(m.lora).toBeDefined(); // exporting merges on the way out, not in memory
    const merged = openGemma3({ dir: path.join(dir, "merged"), display: "merged" });
    expect(maxDiff(logits(merged), want)).toBeLessThan(1e-5);
    for (const x of [m, b, merged]) x.dispose();
  });

  it("exports Hugging Face files: [out, in] weights, the source config with the dtype, bf16 rounding", async () => {
    const m = base();
    const dir = tmp();
    await exportGemma3Folder(path.join(dir, "f32"), m, createByteTokenizer(), { dtype: "f32" });
    await exportGemma3Folder(path.join(dir, "bf16"), m, createByteTokenizer(), { dtype: "bf16" });
    const src = readSafetensors(path.join(FIXTURE, "model.safetensors")).tensors;
    const f32 = readSafetensors(path.join(dir, "f32", "model.safetensors")).tensors;
    const bf16 = readSafetensors(path.join(dir, "bf16", "model.safetensors")).tensors;
    expect(Object.keys(f32).sort()).toEqual(Object.keys(src).sort());
    for (const [name, t] of Object.entries(src)) {
      expect(f32[name].shape, name).toEqual(t.shape);
      expect(f32[name].data, name).toEqual(t.data);
      expect(bf16[name].dtype).toBe("BF16");
      expect(bf16[name].data).toEqual(f32ToBf16(t.data as Float32Array));
    }
    const cfg = JSON.parse(readFileSync(path.join(dir, "bf16", "config.json"), "utf8"));
    const source = JSON.parse(readFileSync(path.join(FIXTURE, "config.json"), "utf8"));
    expect(cfg).toEqual({ ...source, dtype: "bfloat16" });
    const gen = JSON.parse(readFileSync(path.join(dir, "bf16", "generation_config.json"), "utf8"));
    expect(gen).toEqual({ bos_token_id: 2, eos_token_id: [1, 6], pad_token_id: 0 });
    const reloaded = openGemma3({ dir: path.join(dir, "bf16"), display: "bf16" });
    const norm = reloaded.params.get("model.layers.1.self_attn.k_norm.weight")?.dataSync() as Float32Array;
    expect(norm).toEqual(
      bf16ToF32(
        f32ToBf16(m.params.get("model.layers.1.self_attn.k_norm.weight")?.dataSync() as Float32Array),
      ),
    );
    for (const x of [m, reloaded]) x.dispose();
  });

  it("refuses an adapter trained on other base weights, naming the file and key", async () => {
    const m = adapted();
    const dir = path.join(tmp(), "adapter");
    await exportPeftAdapter(dir, m, { baseModel: "x" });
    const other = base();
    const w = other.params.get("model.norm.weight") as tf.Variable;
    w.assign(tf.add(w, 0.01));
    const err = await errorOf(() => loadPeftAdapter({ dir, display: "runs/r/adapter" }, other));
    expect(err.message).toMatch(
      /^runs\/r\/adapter\/adapter_model\.safetensors: __metadata__\.tunix_base_weights_sha256: expected [0-9a-f]{64}, found/,
    );
    expect(other.lora).toBeUndefined();
    for (const x of [m, other]) x.dispose();
  });

  it("refuses an unknown module, a target that matches nothing, and settings PEFT has but the project lacks", async () => {
    const m = adapted();
    const dir = path.join(tmp(), "adapter");
    await exportPeftAdapter(dir, m, { baseModel: "x" });
    const b = base();
    const weights = path.join(dir, PEFT_WEIGHTS);
    const { tensors } = readSafetensors(weights);
    const a = tensors["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"];
    writeSafetensors(weights, {
      ...tensors,
      "base_model.model.model.layers.9.self_attn.q_proj.lora_A.weight": a,
    });
    let err = await errorOf(() => loadPeftAdapter({ dir, display: "ad" }, b));
    expect(err.message).toContain(
      "ad/adapter_model.safetensors: base_model.model.model.layers.9.self_attn.q_proj.lora_A.weight: not a LoRA weight of a gemma3 projection",
    );
    writeSafetensors(weights, tensors);
    const cfgFile = path.join(dir, PEFT_CONFIG);
    const cfg = JSON.parse(readFileSync(cfgFile, "utf8"));
    for (const [key, value, expected] of [
      ["target_modules", ["qkv"], "ad/adapter_config.json: target_modules:"],
      ["use_dora", true, "ad/adapter_config.json: use_dora: expected false (DoRA is not implemented)"],
      ["fan_in_fan_out", true, "ad/adapter_config.json: fan_in_fan_out:"],
      ["modules_to_save", ["lm_head"], "ad/adapter_config.json: modules_to_save:"],
      ["peft_type", "IA3", "ad/adapter_config.json: peft_type: expected LORA"],
    ] as const) {
      writeFileSync(cfgFile, JSON.stringify({ ...cfg, [key]: value }));
      err = await errorOf(() => loadPeftAdapter({ dir, display: "ad" }, b));
      expect(err.message).toContain(expected);
    }
    expect(b.lora).toBeUndefined();
    for (const x of [m, b]) x.dispose();
  });

  it("loads the folder the trainer exports (project layout, adapters) back to the same logits", async () => {
    const m = adapted();
    const want = logits(m);
    const dir = path.join(tmp(), "model");
    await exportModelFolder(dir, m, createByteTokenizer());
    const cfg = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8"));
    expect(cfg).toMatchObject({ model_type: "gemma3_text", tunix_linear_weight_layout: "in_out" });
    const { model } = await loadModelFolder(dir);
    expect(model.family).toBe("gemma3");
    expect(model.lora?.modules.size).toBe(12);
    expect(maxDiff(logits(model as Gemma3Model), want)).toBe(0);
    for (const x of [m, model]) x.dispose();
  });

  it("leaves nothing behind when an export fails", async () => {
    const m = base();
    const dir = path.join(tmp(), "out");
    const broken = {
      ...createByteTokenizer(),
      toJSON: () => {
        throw new Error("disk full");
      },
    };
    await expect(exportGemma3Folder(dir, m, broken, { dtype: "bf16" })).rejects.toThrow("disk full");
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(`${dir}.tmp-${process.pid}`)).toBe(false);
    m.dispose();
  });
});
