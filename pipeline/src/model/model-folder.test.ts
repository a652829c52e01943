// Export and reload of model folders (identical logits), backend agreement (wasm vs cpu on the same
// weights), and the family registry.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import { initBackend } from "./backend.ts";
import type { CausalLM, ModelInput } from "./causal-lm.ts";
import { createGpt } from "./families/gpt.ts";
import { FAMILIES } from "./families.ts";
import { attachLora } from "./lora.ts";
import { exportModelFolder, loadModelFolder } from "./model-folder.ts";
import { createByteTokenizer } from "./tokenizers/index.ts";

const tok = createByteTokenizer();
const input: ModelInput = {
  ids: Int32Array.from({ length: 24 }, (_, i) => (i * 37) % 256),
  positions: Int32Array.from({ length: 24 }, (_, i) => i % 12),
  segments: new Int32Array(24).fill(1),
  batch: 2,
  time: 12,
};
const logitsOf = (m: CausalLM) => tf.tidy(() => m.logits(m.forward(input).hidden).dataSync() as Float32Array);

describe("model folders", () => {
  for (const positions of ["learned", "rotary"] as const) {
    it(`reloads an exported folder with identical logits (${positions}, untied head)`, async () => {
      await initBackend("wasm");
      const model = createGpt(
        {
          vocabSize: tok.vocabSize,
          layers: 2,
          dModel: 32,
          heads: 4,
          mlpHidden: 48,
          context: 16,
          positions,
          tieEmbeddings: false,
        },
        5,
      );
      const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "tunix-")), "model");
      await exportModelFolder(dir, model, tok, { max_new_tokens: 8 });
      const config = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8"));
      expect(config).toMatchObject({
        model_type: "tunix-gpt",
        n_layer: 2,
        n_head: 4,
        position_embedding_type: positions,
        tie_word_embeddings: false,
      });
      const loaded = await loadModelFolder(dir);
      expect(loaded.tokenizer.fingerprint()).toBe(tok.fingerprint());
      expect(Array.from(logitsOf(loaded.model))).toEqual(Array.from(logitsOf(model)));
    });
  }

  it("wasm (with kernel overrides) and cpu give the same logits for the same weights", async () => {
    const cfg = {
      vocabSize: tok.vocabSize,
      layers: 2,
      dModel: 32,
      heads: 2,
      mlpHidden: 64,
      context: 16,
      positions: "rotary" as const,
      tieEmbeddings: true,
    };
    await initBackend("cpu");
    const onCpu = logitsOf(createGpt(cfg, 9));
    await initBackend("wasm");
    const onWasm = logitsOf(createGpt(cfg, 9));
    let worst = 0;
    for (let i = 0; i < onCpu.length; i++) worst = Math.max(worst, Math.abs(onCpu[i] - onWasm[i]));
    expect(worst).toBeLessThan(1e-4);
  });

  it("initialisation is seeded and backend independent", async () => {
    await initBackend("wasm");
    const model = RunConfig.parse({
      schemaVersion: 1,
      dataset: { name: "x" },
      model: { layers: 1, dModel: 16, heads: 2, context: 8 },
    }).model;
    const o = { root: ".", vocabSize: 300, seed: 1 };
    const a = await FAMILIES.gpt.open(model, o);
    const b = await FAMILIES.gpt.open(model, o);
    const c = await FAMILIES.gpt.open(model, { ...o, seed: 2 });
    const wte = (m: CausalLM) => Array.from(m.params.get("wte")?.dataSync() ?? []);
    expect(wte(a)).toEqual(wte(b));
    expect(wte(a)).not.toEqual(wte(c));
  });

  it("a LoRA folder reloads with its adapters and refuses other base weights", async () => {
    await initBackend("wasm");
    const cfg = {
      vocabSize: tok.vocabSize,
      layers: 2,
      dModel: 32,
      heads: 4,
      mlpHidden: 48,
      context: 16,
      positions: "rotary" as const,
      tieEmbeddings: true,
    };
    const model = createGpt(cfg, 5);
    attachLora(
      model,
      { r: 4, alpha: 8, dropout: 0, targetModules: ["attn.qkv", "mlp.fc"], rslora: false },
      3,
    );
    // Non-zero B so the adapters change the logits.
    for (const [name, v] of model.lora?.params() ?? [])
      if (name.endsWith("lora_B")) v.assign(tf.randomNormal(v.shape, 0, 0.1, "float32", 4));
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "tunix-")), "model");
    const files = await exportModelFolder(dir, model, tok);
    expect(files.map((f) => path.basename(f))).toContain("adapter_model.safetensors");
    const loaded = await loadModelFolder(dir);
    expect(loaded.model.lora?.modules.size).toBe(4);
    expect(Array.from(logitsOf(loaded.model))).toEqual(Array.from(logitsOf(model)));
    // Other base weights under the same adapters: refused, naming the file and the field.
    const other = createGpt(cfg, 6);
    const { loadAdapter } = await import("./model-folder.ts");
    await expect(loadAdapter(dir, other)).rejects.toThrow(
      /tunix_base_weights_sha256: expected [0-9a-f]{64}, found [0-9a-f]{64}/,
    );
  });
});
