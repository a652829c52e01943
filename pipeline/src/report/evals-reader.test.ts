// Reading a run's extra evals: every file through its schema, the run folder lists them (heads
// only), items skipped on request, and the refusals: a folder without eval.json, an eval.json or
// summary that names another run or eval, a broken line (file:line).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { listEvalNames, readEvalFolder } from "./evals-reader.ts";
import { readRunFolder } from "./runs-reader.ts";
import { writeTestEval } from "./test-evals.ts";
import { writeTestRun } from "./test-runs.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-evals-"));
  writeTestRun(root, { id: "a-1", correct: [true, false] });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function errorOf(fn: () => unknown): TunixError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TunixError);
    return e as TunixError;
  }
  throw new Error("expected a TunixError");
}

describe("evals reader", () => {
  it("reads an eval's files, and the run folder lists its evals", () => {
    writeTestEval(root, "a-1", {
      name: "gsm8k-test",
      dataset: "gsm8k",
      split: "test",
      items: ["1", "0", "0"],
      truncated: 2,
    });
    writeTestEval(root, "a-1", { name: "demo-k4", items: ["1100", "0000"] });
    expect(listEvalNames(root, "a-1")).toEqual(["demo-k4", "gsm8k-test"]);
    const e = readEvalFolder(root, "a-1", "gsm8k-test");
    expect(e.files).toEqual(["eval.json", "predictions.jsonl", "verdicts.jsonl", "eval_summary.json"]);
    expect(e.predictions).toHaveLength(3);
    expect(e.summary).toMatchObject({
      dataset: "gsm8k",
      split: "test",
      eval: "gsm8k-test",
      truncatedPrompts: 2,
    });
    expect(e.summary?.judges["answer-correctness@1"]).toMatchObject({ correct: 1, n: 3 });
    const k4 = readEvalFolder(root, "a-1", "demo-k4");
    const sampled = k4.summary?.judges["answer-correctness@1"].sampled;
    expect(sampled).toMatchObject({ k: 4, n: 2, passAtK: { score: 0.5 }, passAt1: { score: 0.25 } });
    expect(k4.verdicts.find((v) => v.judge === "answer-correctness@1")?.samples).toHaveLength(4);
    const run = readRunFolder(root, "a-1");
    expect(run.evals.map((x) => x.name)).toEqual(["demo-k4", "gsm8k-test"]);
    expect(run.evals[1].predictions).toEqual([]); // heads only
    expect(run.evals[1].summary?.eval).toBe("gsm8k-test");
  });

  it("has no evals when the folder is absent", () => {
    expect(listEvalNames(root, "a-1")).toEqual([]);
    expect(readRunFolder(root, "a-1").evals).toEqual([]);
  });

  it("refuses a folder without eval.json, and files that belong elsewhere", () => {
    fs.mkdirSync(path.join(root, "runs/a-1/evals/stray"), { recursive: true });
    expect(errorOf(() => listEvalNames(root, "a-1")).problems[0]).toMatchObject({
      file: "runs/a-1/evals/stray/eval.json",
    });
    fs.rmSync(path.join(root, "runs/a-1/evals/stray"), { recursive: true });
    const dir = writeTestEval(root, "a-1", { name: "x", items: ["1"] });
    fs.renameSync(dir, path.join(root, "runs/a-1/evals/y"));
    expect(errorOf(() => readEvalFolder(root, "a-1", "y")).problems[0]).toMatchObject({
      file: "runs/a-1/evals/y/eval.json",
      field: "name",
      expected: '"y"',
      found: '"x"',
    });
    writeTestEval(root, "a-1", { name: "z", items: ["1", "0"] });
    const file = path.join(root, "runs/a-1/evals/z/predictions.jsonl");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[1] = lines[1].replace('"finishReason":"stop"', '"finishReason":"maybe"');
    fs.writeFileSync(file, lines.join("\n"));
    expect(errorOf(() => readEvalFolder(root, "a-1", "z")).problems[0]).toMatchObject({
      file: "runs/a-1/evals/z/predictions.jsonl",
      line: 2,
    });
  });
});
