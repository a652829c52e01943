// `model init --family gemma3 --preset tiny`: a folder in a temporary model store that the gemma3
// family opens by name, whose tokenizer loads through the hf path and whose own chat template
// relates to the training text as documented; the shared generator gives the same tokens with its
// KV cache as with full recomputation for prompts longer than the sliding window (wasm backend);
// an existing folder is kept unless forced.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { GEMMA3_TEMPLATE } from "../dataset/chat-template.ts";
import { checkChatTemplate } from "../dataset/hf-chat-template.ts";
import { TunixError } from "../errors.ts";
import { generate } from "../infer/generate.ts";
import { resolveModel } from "../io/model-store.ts";
import { initBackend } from "../model/backend.ts";
import { openGemma3 } from "../model/families/gemma3-open.ts";
import { readHfChatTemplate } from "../model/hf-folder.ts";
import { loadTokenizer } from "../model/tokenizers/index.ts";
import { initModel } from "./model-init.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

describe("model init (gemma3 tiny preset)", () => {
  let store: string;
  beforeAll(async () => {
    await initBackend("wasm");
    store = mkdtempSync(path.join(os.tmpdir(), "tunix-store-"));
    await initModel({
      root: ROOT,
      family: "gemma3",
      preset: "tiny",
      out: "test/tiny-gemma3",
      store,
      vocabSize: 600,
    });
  }, 60_000);

  it("writes a Gemma 3 folder the family opens by its store name, with the tokenizer's vocabulary", async () => {
    const r = resolveModel("test/tiny-gemma3", store);
    const folder = { dir: r.dir, display: r.name, store: r.store };
    const model = openGemma3(folder, { context: 256 });
    const tok = await loadTokenizer({ kind: "hf", path: r.dir });
    expect(tok.kind).toBe("hf");
    expect(model.dims).toMatchObject({
      vocab: tok.vocabSize,
      layers: 4,
      heads: 4,
      kvHeads: 1,
      headDim: 32,
      hidden: 64,
    });
    expect(model.config.layerTypes).toEqual([
      "sliding_attention",
      "sliding_attention",
      "sliding_attention",
      "full_attention",
    ]);
    expect(model.config.eosIds).toEqual([tok.eosId, tok.endOfTurnId]);
    const ids = Int32Array.from([tok.bosId, ...tok.encode(GEMMA3_TEMPLATE.renderPrompt("What is 2+2?"))]);
    const logits = tf.tidy(() =>
      model.logits(
        model.forward({
          ids,
          positions: Int32Array.from(ids, (_, i) => i),
          segments: new Int32Array(ids.length).fill(1),
          batch: 1,
          time: ids.length,
        }).hidden,
      ),
    );
    expect(logits.shape).toEqual([ids.length, tok.vocabSize]);
    logits.dispose();
    const t = readHfChatTemplate(folder);
    expect(t?.file).toBe("test/tiny-gemma3/tokenizer_config.json");
    expect(() =>
      checkChatTemplate(GEMMA3_TEMPLATE, t?.template as string, "<bos>", t?.file as string),
    ).not.toThrow();
    model.dispose();
  });

  it("generates the same tokens with the KV cache as with full recomputation, prompts past the window", async () => {
    const r = resolveModel("test/tiny-gemma3", store);
    const model = openGemma3({ dir: r.dir, display: r.name, store: r.store }, { context: 256 });
    const tok = await loadTokenizer({ kind: "hf", path: r.dir });
    const long =
      "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. ".repeat(
        4,
      );
    const prompts = [GEMMA3_TEMPLATE.renderPrompt(long), GEMMA3_TEMPLATE.renderPrompt("What is 2+2?")];
    expect(tok.encode(prompts[0]).length).toBeGreaterThan(model.config.slidingWindow + 10);
    const opts = { maxNewTokens: 12, stop: [] };
    const cached = await generate(model, tok, prompts, opts);
    const full = await generate(model, tok, prompts, { ...opts, noCache: true });
    expect(cached.map((g) => g.text)).toEqual(full.map((g) => g.text));
    expect(cached[0].outputTokens).toBeGreaterThan(0);
    model.dispose();
  }, 60_000);

  it("keeps an existing folder unless forced, and refuses unknown presets and families", async () => {
    await expect(
      initModel({ root: ROOT, family: "gemma3", preset: "tiny", out: "test/tiny-gemma3", store }),
    ).rejects.toThrow(/exists/);
    await expect(
      initModel({ root: ROOT, family: "gemma3", preset: "huge", out: "x", store }),
    ).rejects.toThrow(/--preset: expected tiny \| gemma-3-270m \| gemma-3-1b, found huge/);
    await expect(
      initModel({ root: ROOT, family: "gpt", preset: "tiny", out: "x", store }),
    ).rejects.toBeInstanceOf(TunixError);
    await expect(
      initModel({ root: ROOT, family: "gemma3", preset: "tiny", out: "../escape", store }),
    ).rejects.toThrow(/--out/);
  });
});
