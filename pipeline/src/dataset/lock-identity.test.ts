// A lock's identity ignores derived statistics: the committed demo lock hashes the same with a
// contamination block added, and differently when an entry changes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sha256 } from "../io/json.ts";
import type { DatasetLock } from "../schemas/lock.ts";
import { formatLock, lockIdentityHash } from "./lock-file.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("lock identity", () => {
  it("is the file's sha256 for a lock without statistics, and ignores statistics added later", () => {
    const bytes = readFileSync(path.join(REPO, "datasets/demo.lock.json"));
    const lock = JSON.parse(bytes.toString("utf8")) as DatasetLock & Record<string, unknown>;
    const plain = { ...lock };
    delete plain.contamination;
    const base = lockIdentityHash(formatLock(plain));
    expect(base).toBe(sha256(formatLock(plain)));
    const withStats = formatLock({ ...plain, contamination: { ngramWords: 13, splits: {} } } as DatasetLock);
    expect(sha256(withStats)).not.toBe(base);
    expect(lockIdentityHash(withStats)).toBe(base);
    const firstSplit = Object.keys(plain.splits)[0];
    const changed = structuredClone(plain);
    changed.splits[firstSplit][0] = { ...changed.splits[firstSplit][0], hash: "0".repeat(64) };
    expect(lockIdentityHash(formatLock(changed))).not.toBe(base);
  });
});
