import { describe, expect, it } from "vitest";
import type { DatasetLock } from "../schemas/lock.ts";
import type { Trace } from "../schemas/trace.ts";
import { histogram, membership, splitHistograms } from "./dataset-view.ts";

const lock = (name: string, splits: Record<string, string[]>): DatasetLock => ({
  schemaVersion: 1,
  name,
  manifestHash: "x",
  seed: 0,
  candidates: 0,
  duplicates: 0,
  splits: Object.fromEntries(
    Object.entries(splits).map(([s, ids]) => [s, ids.map((id) => ({ id, hash: "0".repeat(16) }))]),
  ),
  stats: {},
});

describe("histogram", () => {
  it("bins values with the maximum in the last bin", () => {
    expect(histogram([3, 5, 9], 4)).toEqual({ edges: [3, 4.5, 6, 7.5, 9], counts: [1, 1, 0, 1] });
    expect(histogram([2, 2], 5)).toEqual({ edges: [2, 2], counts: [2] });
    expect(histogram([])).toEqual({ edges: [], counts: [] });
  });
});

describe("splitHistograms and membership", () => {
  const t = (id: string, prompt: string, steps: string[]): Trace => ({
    schemaVersion: 1,
    id,
    source: "s",
    prompt,
    steps: steps.map((text) => ({ text })),
    answer: "1",
  });
  it("measures prompts and step text per split, and maps ids to the splits holding them", () => {
    const byId = new Map([t("a", "12345", ["ab", "c"]), t("b", "1", [])].map((x) => [x.id, x]));
    const h = splitHistograms(lock("d", { train: ["a", "b"], eval: ["b"] }), byId, 2);
    expect(h.train.promptChars).toEqual({ edges: [1, 3, 5], counts: [1, 1] });
    expect(h.train.stepChars.counts).toEqual([1, 1]);
    expect(h.eval.promptChars.counts).toEqual([1]);
    const m = membership([lock("d", { train: ["a"], eval: ["b"] }), lock("e", { train: ["b"] })]);
    expect(m.get("b")).toEqual(["d/eval", "e/train"]);
    expect(m.get("z")).toBeUndefined();
  });
});
