// The eval page's view: items joined with their verdicts, in prediction order, and for sampled
// items the samples, the count of right ones per judge and the majority answer.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toEvalView } from "./eval-view.ts";
import { readEvalFolder } from "./evals-reader.ts";
import { writeTestEval } from "./test-evals.ts";
import { writeTestRun } from "./test-runs.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-eval-view-"));
  writeTestRun(root, { id: "a-1", correct: [true] });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("toEvalView", () => {
  it("joins items, samples and per-judge sample counts with the majority answer", () => {
    writeTestEval(root, "a-1", { name: "demo-k4", items: ["1100", "0000", "0111"], truncated: 1 });
    const v = toEvalView(readEvalFolder(root, "a-1", "demo-k4"));
    expect(v).toMatchObject({ run: "a-1", name: "demo-k4" });
    expect(v.judges).toEqual(["answer-correctness@1", "format@1"]);
    expect(v.items.map((i) => i.id)).toEqual(["item-0", "item-1", "item-2"]);
    expect(v.items[0].promptTruncatedTokens).toBe(3);
    expect(v.items[1].promptTruncatedTokens).toBeUndefined();
    expect(v.items[0].samples).toHaveLength(4);
    expect(v.items[0].verdicts["answer-correctness@1"].correct).toBe(true);
    // item-0: right, right, wrong (3), wrong (4) → 2 of 4; the tie goes to the first answer, "1".
    expect(v.items[0].sampled?.["answer-correctness@1"]).toEqual({
      correct: 2,
      k: 4,
      majority: "1",
      majorityCorrect: true,
    });
    // item-2: wrong then three right answers "3": the majority is right though the first sample is not.
    expect(v.items[2].verdicts["answer-correctness@1"].correct).toBe(false);
    expect(v.items[2].sampled?.["answer-correctness@1"]).toMatchObject({
      correct: 3,
      majority: "3",
      majorityCorrect: true,
    });
  });

  it("has no sample fields for an eval generated once per item", () => {
    writeTestEval(root, "a-1", { name: "once", items: ["1", "0"] });
    const v = toEvalView(readEvalFolder(root, "a-1", "once"));
    expect(v.items.every((i) => i.samples === undefined && i.sampled === undefined)).toBe(true);
  });
});
