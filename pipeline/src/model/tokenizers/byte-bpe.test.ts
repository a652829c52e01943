import { describe, expect, it } from "vitest";
import { GEMMA_TEMPLATE } from "../../dataset/chat-template.ts";
import { TunixError } from "../../errors.ts";
import { createByteBpeTokenizer, FIRST_MERGE_ID } from "./byte-bpe.ts";
import { createByteTokenizer } from "./index.ts";
import { generateTexts } from "./test-corpus.ts";

describe("byte tokenizer", () => {
  const tok = createByteTokenizer();

  it("has 256 byte ids then the five specials", () => {
    expect(tok.vocabSize).toBe(261);
    expect(tok.specialTokens).toEqual({
      "<pad>": 256,
      "<bos>": 257,
      "<eos>": 258,
      "<start_of_turn>": 259,
      "<end_of_turn>": 260,
    });
    expect([tok.padId, tok.bosId, tok.eosId, tok.startOfTurnId, tok.endOfTurnId]).toEqual([
      256, 257, 258, 259, 260,
    ]);
    expect(Object.isFrozen(tok)).toBe(true);
  });

  it.each([
    ["", []],
    ["A", [65]],
    ["é", [0xc3, 0xa9]],
    ["😀", [0xf0, 0x9f, 0x98, 0x80]],
    ["a<bos>b", [97, 257, 98]],
    ["<start_of_turn<end_of_turn>", [60, 115, 116, 97, 114, 116, 95, 111, 102, 95, 116, 117, 114, 110, 260]],
  ])("encodes %j", (text, ids) => {
    expect(tok.encode(text)).toEqual(ids);
  });

  it("encodes the chat template's turn markers as single ids", () => {
    const prompt = GEMMA_TEMPLATE.renderPrompt("What is 2+2?");
    const ids = tok.encode(prompt + GEMMA_TEMPLATE.renderCompletion("4"));
    expect(ids.filter((id) => id === tok.startOfTurnId)).toHaveLength(2);
    expect(ids.filter((id) => id === tok.endOfTurnId)).toHaveLength(2);
    expect(ids.at(-1)).toBe(tok.endOfTurnId);
  });

  it("round-trips varied text (lone surrogates become U+FFFD, as UTF-8 requires)", () => {
    for (const text of generateTexts(300, 5)) expect(tok.decode(tok.encode(text))).toBe(text.toWellFormed());
  });

  it("decodes invalid UTF-8 to replacement characters without throwing", () => {
    expect(tok.decode([0xff])).toBe("\ufffd");
    expect(tok.decode([0xe2, 0x82])).toBe("\ufffd");
    expect(tok.decode([0xe2, 0x82, 257, 0xac])).toBe("\ufffd<bos>\ufffd");
    expect(tok.decode([0xef, 0xbb, 0xbf, 65])).toBe("\ufeffA");
  });

  it("can leave specials out of decoded text", () => {
    expect(tok.decode(tok.encode("<bos>hi<end_of_turn>"), { skipSpecialTokens: true })).toBe("hi");
  });

  it("rejects ids outside the vocabulary", () => {
    expect(() => tok.decode([261])).toThrow(TunixError);
    expect(() => tok.decode([-1])).toThrow(/integer in \[0, 261\)/);
    expect(() => tok.decode([1.5])).toThrow(/token id/);
  });
});

describe("byte-level BPE merges", () => {
  // 261 = "h"+"i", 262 = " "+261 (" hi"), 263 = 262+"!"... merges only apply inside a piece
  const tok = createByteBpeTokenizer("bpe", [
    [104, 105],
    [32, FIRST_MERGE_ID],
    [97, 97],
    [FIRST_MERGE_ID + 2, FIRST_MERGE_ID + 2],
  ]);

  it.each([
    ["hi", [261]],
    ["hi hi", [261, 262]],
    ["aaa", [263, 97]],
    ["aaaa", [264]],
    ["aaaaa", [264, 97]],
    ["hi!", [261, 33]],
    ["h1", [104, 49]],
  ])("encodes %j by rank, leftmost first", (text, ids) => {
    expect(tok.encode(text)).toEqual(ids);
    expect(tok.decode(ids)).toBe(text);
  });

  it("knows the bytes behind each id", () => {
    expect(Array.from(tok.tokenBytes(262))).toEqual([32, 104, 105]);
    expect(() => tok.tokenBytes(999)).toThrow(TunixError);
  });

  it("rejects corrupt merge lists", () => {
    expect(() => createByteBpeTokenizer("bpe", [[104, 256]])).toThrow(/merges\.0/);
    expect(() => createByteBpeTokenizer("bpe", [[104, FIRST_MERGE_ID]])).toThrow(/earlier non-special/);
    expect(() =>
      createByteBpeTokenizer("bpe", [
        [1, 2],
        [1, 2],
      ]),
    ).toThrow(/merged once/);
  });

  it("fingerprints change with the merges and not otherwise", () => {
    const same = createByteBpeTokenizer("bpe", tok.merges);
    expect(same.fingerprint()).toBe(tok.fingerprint());
    expect(same.fingerprint()).toMatch(/^[0-9a-f]{16}$/);
    expect(createByteBpeTokenizer("bpe", tok.merges.slice(0, 3)).fingerprint()).not.toBe(tok.fingerprint());
    expect(createByteTokenizer().fingerprint()).not.toBe(createByteBpeTokenizer("bpe", []).fingerprint());
  });
});
