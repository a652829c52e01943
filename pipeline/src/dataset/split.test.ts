import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stableStringify } from "../io/json.ts";
import { hash32, hash32Bytes } from "../random.ts";
import { Trace } from "../schemas/trace.ts";
import { shortHash } from "../traces/hash.ts";
import { canonicalContent, contentHashWords, fastHashAgrees } from "./content-hash.ts";
import { IdStore } from "./id-store.ts";
import { seededOrder } from "./seeded-order.ts";
import { largestRemainder } from "./split.ts";

describe("largestRemainder", () => {
  it.each([
    [10, [0.9, 0.1], [9, 1]],
    [3, [0.9, 0.1], [3, 0]],
    [7, [1, 1, 1], [3, 2, 2]],
    [0, [0.5, 0.5], [0, 0]],
    [2200, [2000, 200], [2000, 200]],
    [101, [1, 3], [25, 76]],
  ])("splits %i by %j into %j", (n, weights, counts) => {
    expect(largestRemainder(n, weights)).toEqual(counts);
  });
});

describe("seededOrder", () => {
  const ids = Array.from({ length: 200 }, (_, i) => `id-${i}`);
  const rows = Uint32Array.from(ids, (_, i) => i);
  const store = IdStore.from(ids);
  const order = (seed: number, stream = "split", r = rows) => [...seededOrder(r, store, seed, stream)];

  it("is a permutation that repeats for the same seed and stream and differs otherwise", () => {
    expect(order(1).sort((a, b) => a - b)).toEqual([...rows]);
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order(2));
    expect(order(1)).not.toEqual(order(1, "limit"));
    expect(order(1)).not.toEqual([...rows]);
  });

  it("does not depend on the order of the rows given", () => {
    expect(order(4, "s", rows.slice().reverse())).toEqual(order(4, "s"));
  });

  it("keeps the relative order of existing rows when rows are added", () => {
    const old = order(7, "s", rows.subarray(0, 150));
    expect(order(7, "s").filter((r) => r < 150)).toEqual(old);
  });

  it("hashes stored ids like strings and compares them like `<`", () => {
    const words = ["b", "a", "ab", "", "a-1", "a.1", "Z"];
    const s = IdStore.from(words);
    words.forEach((w, i) => {
      expect(s.get(i)).toBe(w);
      expect(s.hash(i, 9)).toBe(hash32(w, 9));
      words.forEach((v, j) => {
        expect(Math.sign(s.compare(i, j))).toBe(w < v ? -1 : w > v ? 1 : 0);
      });
    });
    expect(hash32Bytes(Buffer.from("xab"), 1, 3, 5)).toBe(hash32("ab", 5));
  });

  it("hashes with known values (pinned: changing them re-splits every dataset)", () => {
    expect([hash32("", 0), hash32("a", 0), hash32("a", 1), hash32("id-1", 42)]).toEqual([
      2212668639, 3792429570, 1542488595, 891129499,
    ]);
  });
});

describe("contentHashWords", () => {
  it("agrees with traces/hash.ts shortHash on the probes and on the golden fixtures", () => {
    expect(fastHashAgrees()).toBe(true);
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "golden/traces");
    const lines = ["a.jsonl", "b.jsonl"].flatMap((f) =>
      readFileSync(path.join(dir, f), "utf8").trim().split("\n"),
    );
    for (const line of lines) {
      const t = Trace.parse(JSON.parse(line));
      const [hi, lo] = contentHashWords(t);
      expect(hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0")).toBe(shortHash(t));
      expect(canonicalContent(t)).toBe(
        stableStringify({
          ...t,
          id: undefined,
          source: undefined,
          meta: undefined,
          schemaVersion: undefined,
        }),
      );
    }
  });
});
