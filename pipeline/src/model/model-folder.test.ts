// Export and reload of model folders (identical logits), backend agreement (wasm vs cpu on the same
// weights), and the family registry.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import { initBackend } from "./backend.ts";
import { FAMILIES } from "./families.ts";
import { createGpt, forwardGpt, type GptModel, type ModelInput } from "./gpt.ts";
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
const logitsOf = (m: GptModel) => tf.tidy(() => forwardGpt(m, input).logits.dataSync() as Float32Array);

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
      exportModelFolder(dir, model, tok, { max_new_tokens: 8 });
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

  it("initialisation is seeded and backend independent; gemma3 is not implemented yet", async () => {
    await initBackend("wasm");
    const model = RunConfig.parse({
      schemaVersion: 1,
      dataset: { name: "x" },
      model: { layers: 1, dModel: 16, heads: 2, context: 8 },
    }).model;
    const a = FAMILIES.gpt.create(model, 300, 1);
    const b = FAMILIES.gpt.create(model, 300, 1);
    expect(Array.from(a.params.get("wte")?.dataSync() ?? [])).toEqual(
      Array.from(b.params.get("wte")?.dataSync() ?? []),
    );
    expect(() => FAMILIES.gemma3.create(model, 300, 1)).toThrow(/not implemented/);
  });
});
