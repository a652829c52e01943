import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { sha256, stableStringify } from "../../io/json.ts";
import {
  createByteTokenizer,
  loadTokenizer,
  readOwnTokenizer,
  saveTokenizer,
  TOKENIZERS,
  tokenizerFingerprint,
  trainBpe,
} from "./index.ts";
import { generateTexts } from "./test-corpus.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
});

describe("tokenizer registry", () => {
  it("is one frozen table of byte, bpe and hf", () => {
    expect(Object.keys(TOKENIZERS)).toEqual(["byte", "bpe", "hf"]);
    expect(Object.isFrozen(TOKENIZERS)).toBe(true);
  });

  it("rejects an unknown kind", async () => {
    await expect(loadTokenizer({ kind: "sentencepiece" as "byte" })).rejects.toThrow(/byte \| bpe \| hf/);
  });
});

describe("saveTokenizer / loadTokenizer", () => {
  it("writes tokenizer.json + tokenizer_config.json and reads a bpe folder back (relative to root)", async () => {
    const tok = trainBpe(generateTexts(800, 11), 600);
    saveTokenizer(tok, path.join(root, "tok"));
    expect(fs.readdirSync(path.join(root, "tok")).sort()).toEqual([
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    const config = JSON.parse(fs.readFileSync(path.join(root, "tok", "tokenizer_config.json"), "utf8"));
    expect(config).toMatchObject({
      bos_token: "<bos>",
      eos_token: "<eos>",
      clean_up_tokenization_spaces: false,
    });
    const back = await loadTokenizer({ kind: "bpe", path: "tok" }, { root });
    expect(back.kind).toBe("bpe");
    expect(back.vocabSize).toBe(600);
    expect(back.fingerprint()).toBe(tok.fingerprint());
    for (const text of generateTexts(100, 12)) expect(back.encode(text)).toEqual(tok.encode(text));
  });

  it("writes the same bytes for the same tokenizer", () => {
    const tok = trainBpe(generateTexts(300, 13), 400);
    saveTokenizer(tok, path.join(root, "a"));
    saveTokenizer(trainBpe(generateTexts(300, 13), 400), path.join(root, "b"));
    const read = (d: string) => fs.readFileSync(path.join(root, d, "tokenizer.json"));
    expect(read("a").equals(read("b"))).toBe(true);
  });

  it("fingerprints as sha256 of the canonical tokenizer.json (16 hex)", () => {
    const byte = createByteTokenizer();
    expect(tokenizerFingerprint(byte)).toBe(sha256(stableStringify(byte.toJSON())).slice(0, 16));
    saveTokenizer(byte, root);
    const saved: unknown = JSON.parse(fs.readFileSync(path.join(root, "tokenizer.json"), "utf8"));
    expect(sha256(stableStringify(saved)).slice(0, 16)).toBe(tokenizerFingerprint(byte));
  });

  it("trains a bpe tokenizer from trainTexts when no folder holds one", async () => {
    const tok = await loadTokenizer(
      { kind: "bpe", vocabSize: 300 },
      { trainTexts: () => generateTexts(200, 14) },
    );
    expect(tok.vocabSize).toBe(300);
  });

  it("explains what to do when a bpe tokenizer is missing", async () => {
    const err = await loadTokenizer({ kind: "bpe", path: "nowhere" }, { root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).code).toBe("E_NOT_FOUND");
    expect(String((err as Error).message)).toMatch(/no trained BPE tokenizer.*kind: byte/);
  });

  it("refuses a hand-edited tokenizer.json as bpe and points to kind hf", () => {
    const tok = trainBpe(generateTexts(300, 15), 400);
    saveTokenizer(tok, root);
    const file = path.join(root, "tokenizer.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    json.normalizer = { type: "Lowercase" };
    fs.writeFileSync(file, JSON.stringify(json));
    expect(() => readOwnTokenizer(file)).toThrow(/differs from what its merges rebuild.*kind: hf/s);
    json.pre_tokenizer = { type: "Metaspace" };
    fs.writeFileSync(file, JSON.stringify(json));
    expect(() => readOwnTokenizer(file)).toThrow(/pre_tokenizer\.type.*kind: hf/);
    fs.writeFileSync(file, "{not json");
    expect(() => readOwnTokenizer(file)).toThrow(/tokenizer\.json: expected a JSON object/);
  });

  it("hf needs a path, a tokenizer.json, and the chat template's tokens", async () => {
    await expect(loadTokenizer({ kind: "hf" })).rejects.toThrow(/model\.tokenizer\.path/);
    await expect(loadTokenizer({ kind: "hf", path: root })).rejects.toThrow(/no tokenizer\.json/);
    const json = createByteTokenizer().toJSON() as { added_tokens: { content: string }[] };
    json.added_tokens = json.added_tokens.filter((t) => t.content !== "<end_of_turn>");
    const vocab = (json as unknown as { model: { vocab: Record<string, number> } }).model.vocab;
    delete vocab["<end_of_turn>"];
    fs.writeFileSync(path.join(root, "tokenizer.json"), JSON.stringify(json));
    await expect(loadTokenizer({ kind: "hf", path: root })).rejects.toThrow(/"<end_of_turn>".*found none/);
  });
});
