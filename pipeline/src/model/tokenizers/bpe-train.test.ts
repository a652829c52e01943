import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { externalData, itWithExternalData } from "../../test-support/external-data.ts";
import { trainBpe } from "./bpe-train.ts";
import { FIRST_MERGE_ID } from "./byte-bpe.ts";
import { generateTexts } from "./test-corpus.ts";

const gsm8k = externalData("gsm8k/train.jsonl");

describe("trainBpe", () => {
  it("merges the most frequent pair first, ties to the smallest ids", () => {
    // pieces " ab"×2, " cd"×3, "ab", " abx": (a,b) occurs 4 times; then three pairs tie at 3 and
    // go in key order: (" ", c) < (" ", ab) < (" c", d); (" ab", x) occurs once < minFrequency 2.
    const tok = trainBpe(["ab ab ab cd cd cd abx"], 300);
    expect(tok.merges).toEqual([
      [97, 98],
      [32, 99],
      [32, FIRST_MERGE_ID],
      [FIRST_MERGE_ID + 1, 100],
    ]);
    expect(tok.encode(" cd ab")).toEqual([FIRST_MERGE_ID + 3, FIRST_MERGE_ID + 2]);
  });

  it("stops at vocabSize and when no pair reaches minFrequency", () => {
    const texts = generateTexts(400, 3);
    expect(trainBpe(texts, 300).vocabSize).toBe(300);
    // (a,a) 6, (b,b) 3, then (aa,aa) 2; (bb,bb) occurs once
    const small = trainBpe(["aaaa", "aaaa", "bbbb"], 1000);
    expect(small.vocabSize).toBe(FIRST_MERGE_ID + 3);
    expect(small.encode("aaaa")).toEqual([FIRST_MERGE_ID + 2]);
    expect(small.encode("bbbb")).toEqual([FIRST_MERGE_ID + 1, FIRST_MERGE_ID + 1]);
    expect(trainBpe(["ab ab"], 1000, { minFrequency: 3 }).merges).toEqual([]);
  });

  it("never learns a merge across a special token or a digit", () => {
    const tok = trainBpe(["x<bos>y x<bos>y 12 12 12 2024"], 400);
    const bytesOfMerges = tok.merges.map((_, r) =>
      new TextDecoder().decode(tok.tokenBytes(FIRST_MERGE_ID + r)),
    );
    expect(bytesOfMerges.some((s) => s.includes("<") || /\d/.test(s))).toBe(false);
    expect(tok.encode("2024")).toEqual([50, 48, 50, 52]);
  });

  it("is deterministic and its encoder round-trips", () => {
    const texts = generateTexts(1500, 9);
    const a = trainBpe(texts, 800);
    const b = trainBpe(texts, 800);
    expect(b.merges).toEqual(a.merges);
    expect(b.fingerprint()).toBe(a.fingerprint());
    for (const t of texts.slice(0, 200)) expect(a.decode(a.encode(t))).toBe(t.toWellFormed());
  });

  it("reports progress and rejects impossible vocabulary sizes", () => {
    const seen: number[] = [];
    trainBpe(generateTexts(200, 4), 270, { onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => trainBpe(["x"], 260)).toThrow(/\[261, 65536\]/);
    expect(() => trainBpe(["x"], 70000)).toThrow(/vocabSize/);
  });

  itWithExternalData(gsm8k, "trains on ~2 MB of GSM8K to 4,096 ids and compresses it", () => {
    const texts: string[] = [];
    let bytes = 0;
    for (const line of readFileSync(gsm8k.path, "utf8").split("\n")) {
      if (!line.trim() || bytes >= 2e6) continue;
      const row = JSON.parse(line) as { question: string; answer: string };
      texts.push(`${row.question}\n${row.answer}`);
      bytes += Buffer.byteLength(texts.at(-1) as string);
    }
    let t0 = performance.now();
    const tok = trainBpe(texts, 4096);
    const trainS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    let tokens = 0;
    for (const t of texts) tokens += tok.encode(t).length;
    const encodeS = (performance.now() - t0) / 1000;
    console.log(
      `bpe: ${(bytes / 1e6).toFixed(2)} MB trained to ${tok.vocabSize} ids in ${trainS.toFixed(2)} s ` +
        `(${(bytes / 1e6 / trainS).toFixed(1)} MB/s); encode ${Math.round(tokens / encodeS)} tokens/s, ` +
        `${(bytes / tokens).toFixed(2)} bytes/token`,
    );
    expect(tok.vocabSize).toBe(4096);
    expect(bytes / tokens).toBeGreaterThan(2.5);
  });
});
