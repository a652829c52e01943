// The tokenizer.json files tunix-rt writes, read by @huggingface/transformers offline, must encode
// every string exactly as the project's own encoder does (and decode back the same text).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AutoTokenizer, env, PreTrainedTokenizer } from "@huggingface/transformers";
import { beforeAll, describe, expect, it } from "vitest";
import { trainBpe } from "./bpe-train.ts";
import { loadTokenizer, saveTokenizer } from "./index.ts";
import { generateTexts } from "./test-corpus.ts";
import type { Tokenizer } from "./types.ts";

const PROBES = [
  "",
  " ",
  "     ",
  "a   b",
  "\n\n\n",
  " \t\n\r\n  x",
  "12345678901234567890",
  "3+4=7, 12*12=144; $1,234.56 and 50%",
  "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n",
  "<start_of_turn><end_of_turn><bos><eos><pad>",
  "<start_of_turn<end_of_turn>>",
  "don't stop, it's 5 o'clock",
  "naïve café 日本語 😀👩‍💻 e\u0301",
  "\u00a0\u2003\u3000\u0085\ufeff mixed spaces",
  // pieces longer than 64 bytes take the heap path of bpe-merge.ts
  " ".repeat(300),
  `x${"  \t".repeat(50)}y`,
  "the".repeat(40),
  ` ${"answer".repeat(30)}`,
  "—".repeat(50),
  "日本語".repeat(30),
];

function expectSameEncoding(ours: Tokenizer, hf: PreTrainedTokenizer, texts: string[]): void {
  let mismatches = 0;
  for (const text of texts) {
    const a = ours.encode(text);
    const b = hf.encode(text, { add_special_tokens: false });
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      mismatches++;
      expect({ text, ours: a }).toEqual({ text, ours: b });
    }
    if (a.length > 0) {
      const decoded = hf.decode(a, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
      expect(decoded).toBe(ours.decode(a));
    }
  }
  expect(mismatches).toBe(0);
}

describe("tokenizer.json parity with @huggingface/transformers", () => {
  let dir: string;
  let bpe: Tokenizer;
  let texts: string[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    env.allowRemoteModels = false;
    bpe = trainBpe(generateTexts(3000, 1), 1200);
    texts = [...PROBES, ...generateTexts(1500, 2)];
    saveTokenizer(bpe, path.join(dir, "bpe"));
  });

  it("trained BPE: PreTrainedTokenizer(json, config) encodes ≥1,000 varied strings identically", () => {
    expect(bpe.vocabSize).toBe(1200);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "bpe", "tokenizer.json"), "utf8"));
    const config = JSON.parse(fs.readFileSync(path.join(dir, "bpe", "tokenizer_config.json"), "utf8"));
    const hf = new PreTrainedTokenizer(json, config);
    expect(texts.length).toBeGreaterThanOrEqual(1000);
    expectSameEncoding(bpe, hf, texts);
  });

  it("trained BPE: AutoTokenizer.from_pretrained(localDir) offline gives the same ids", async () => {
    env.localModelPath = dir;
    const hf = await AutoTokenizer.from_pretrained("bpe", { local_files_only: true });
    expectSameEncoding(bpe, hf, texts.slice(0, 300));
    expect(hf.bos_token_id).toBe(bpe.bosId);
    expect(hf.eos_token_id).toBe(bpe.eosId);
    expect(hf.pad_token_id).toBe(bpe.padId);
  });

  it("byte tokenizer: its tokenizer.json loads and encodes identically", async () => {
    const byte = await loadTokenizer({ kind: "byte" });
    saveTokenizer(byte, path.join(dir, "byte"));
    const json = JSON.parse(fs.readFileSync(path.join(dir, "byte", "tokenizer.json"), "utf8"));
    const hf = new PreTrainedTokenizer(json, byte.toConfigJSON());
    expectSameEncoding(byte, hf, texts.slice(0, 400));
  });

  it("kind hf wraps the saved BPE folder with the same ids, specials and decode", async () => {
    const hf = await loadTokenizer({ kind: "hf", path: path.join(dir, "bpe") });
    expect(hf.kind).toBe("hf");
    expect(hf.vocabSize).toBe(bpe.vocabSize);
    expect([hf.padId, hf.bosId, hf.eosId, hf.startOfTurnId, hf.endOfTurnId]).toEqual([
      bpe.padId,
      bpe.bosId,
      bpe.eosId,
      bpe.startOfTurnId,
      bpe.endOfTurnId,
    ]);
    expect(hf.fingerprint()).toBe(bpe.fingerprint());
    for (const text of texts.slice(0, 300)) {
      const ids = hf.encode(text);
      expect(ids).toEqual(bpe.encode(text));
      expect(hf.decode(ids)).toBe(text.toWellFormed());
      expect(hf.decode(ids, { skipSpecialTokens: true })).toBe(bpe.decode(ids, { skipSpecialTokens: true }));
    }
    expect(hf.decode([])).toBe("");
    expect(() => hf.decode([hf.vocabSize])).toThrow(/token id/);
  });
});
