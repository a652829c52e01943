import { describe, expect, it } from "vitest";
import { heapMerges, scanMerges } from "./bpe-merge.ts";
import { trainBpe } from "./bpe-train.ts";
import { FIRST_MERGE_ID } from "./byte-bpe.ts";
import { generateTexts } from "./test-corpus.ts";

describe("applyMerges", () => {
  const tok = trainBpe(generateTexts(2000, 21), 900);
  const rankOf = new Map(tok.merges.map(([a, b], r) => [a * 65536 + b, r]));

  it("the heap path gives the scan path's ids on long pieces", () => {
    const encoder = new TextEncoder();
    const pieces = [
      ...generateTexts(200, 22).map((t) => t.replace(/\s+/g, "").repeat(3)),
      " ".repeat(500),
      "ab".repeat(300),
      "aaaa".repeat(100),
    ];
    let compared = 0;
    for (const piece of pieces) {
      const bytes = Array.from(encoder.encode(piece));
      if (bytes.length < 65) continue;
      const scan = [...bytes];
      const heap = [...bytes];
      scanMerges(scan, rankOf, FIRST_MERGE_ID);
      heapMerges(heap, rankOf, FIRST_MERGE_ID);
      expect(heap).toEqual(scan);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("merges the lowest rank first, leftmost on ties", () => {
    const ranks = new Map([
      [97 * 65536 + 97, 0], // a a → 261
      [261 * 65536 + 261, 1], // aa aa → 262
      [98 * 65536 + 97, 2], // b a
    ]);
    for (const merge of [scanMerges, heapMerges]) {
      const ids = [98, 97, 97, 97, 97, 97];
      merge(ids, ranks, 261);
      expect(ids).toEqual([98, 262, 97]);
    }
  });

  it("encodes a 20,000-byte piece in well under a second", () => {
    const t0 = performance.now();
    expect(tok.decode(tok.encode("ab".repeat(10_000)))).toBe("ab".repeat(10_000));
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
