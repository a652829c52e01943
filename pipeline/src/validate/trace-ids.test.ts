import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createIdIndex, hashId } from "./id-index.ts";
import { createIdChecker } from "./trace-ids.ts";

describe("createIdIndex", () => {
  it("returns the first location of a repeated id, across growth", () => {
    const index = createIdIndex(4);
    for (let i = 0; i < 10_000; i++) expect(index.add(`id-${i}`, i % 3, i + 1)).toBeUndefined();
    expect(index.size).toBe(10_000);
    expect(index.add("id-1234", 7, 99)).toEqual({ fileIndex: 1234 % 3, line: 1235 });
    expect(index.add("id-0", 5, 2 ** 31)).toEqual({ fileIndex: 0, line: 1 });
    expect(index.size).toBe(10_000);
    // 16 bytes a slot, load ≤ 0.7.
    expect(index.bytes).toBeLessThanOrEqual((16 * 10_000 * 2) / 0.7);
  });

  it("hashes distinct ids apart and equal ids alike", () => {
    expect(hashId("gsm8k/train:1")).toEqual(hashId("gsm8k/train:1"));
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(hashId(`t-${i}`).join(","));
    expect(seen.size).toBe(50_000);
  });
});

describe("createIdChecker", () => {
  function repo(files: Record<string, string[]>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    for (const [f, ids] of Object.entries(files))
      fs.writeFileSync(path.join(root, f), ids.map((id) => JSON.stringify({ id })).join("\n"));
    return root;
  }

  it("confirms real duplicates and ignores hash collisions, even when every id collides", async () => {
    const root = repo({ "a.jsonl": ["x", "y", "z"], "b.jsonl": ["w", "y", "w", "x"] });
    const sameHash = (): [number, number] => [1, 2];
    for (const index of [createIdIndex(), createIdIndex(16, sameHash)]) {
      const ids = createIdChecker(["a.jsonl", "b.jsonl"], index);
      const files = [
        ["x", "y", "z"],
        ["w", "y", "w", "x"],
      ];
      for (const [f, list] of files.entries()) for (const [i, id] of list.entries()) ids.add(id, f, i + 1);
      const dups = await ids.confirm(root);
      expect(dups).toEqual([
        { id: "y", first: { file: "a.jsonl", line: 2 }, second: { file: "b.jsonl", line: 2 } },
        { id: "w", first: { file: "b.jsonl", line: 1 }, second: { file: "b.jsonl", line: 3 } },
        { id: "x", first: { file: "a.jsonl", line: 1 }, second: { file: "b.jsonl", line: 4 } },
      ]);
    }
  });
});
