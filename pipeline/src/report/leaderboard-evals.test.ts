// Leaderboard rows of extra evals: each eval gives rows of its own (marked with its name, keys
// distinct from the run's own rows on the same dataset), and grouped sorting never ranks scores on
// different eval datasets together — a high GSM8K score stays in the GSM8K group.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evalJudgingsOf, groupOf, judgingOf, leaderboardRows, sortRowsGrouped } from "./leaderboard.ts";
import { readRunFolders } from "./runs-reader.ts";
import { writeTestEval } from "./test-evals.ts";
import { writeTestRun } from "./test-runs.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-lb-evals-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("leaderboard rows of extra evals", () => {
  it("gives each eval its own rows and ranks inside each eval dataset only", () => {
    writeTestRun(root, { id: "a-1", correct: [true, false, false, false] }); // demo/eval 25%
    writeTestRun(root, { id: "b-2", correct: [true, true, false, false] }); // demo/eval 50%
    writeTestEval(root, "a-1", {
      name: "gsm8k-test",
      dataset: "gsm8k",
      split: "test",
      items: ["1", "1", "1"],
    });
    writeTestEval(root, "a-1", { name: "demo-k4", items: ["1100", "0000", "0001", "1111"] });
    const runs = readRunFolders(root, { items: false });
    const rows = leaderboardRows(runs.flatMap((r) => [judgingOf(r), ...evalJudgingsOf(r)])).filter(
      (r) => r.judge === "answer-correctness@1",
    );
    expect(rows.map((r) => r.key).sort()).toEqual([
      "a-1|demo|answer-correctness@1",
      "a-1|demo|answer-correctness@1|demo-k4",
      "a-1|gsm8k|answer-correctness@1|gsm8k-test",
      "b-2|demo|answer-correctness@1",
    ]);
    const gsm = rows.find((r) => r.eval === "gsm8k-test")!;
    expect(gsm).toMatchObject({ dataset: "gsm8k", split: "test", score: 1, n: 3 });
    // Plain sorting by score would put the GSM8K 100% first, above every demo row.
    expect(rows[0]).toBe(gsm);
    const grouped = sortRowsGrouped(rows, "score", "desc");
    expect(grouped.map(groupOf)).toEqual(["demo/eval", "demo/eval", "demo/eval", "gsm8k/test"]);
    expect(grouped.slice(0, 3).map((r) => r.score)).toEqual([0.5, 0.5, 0.25]);
    expect(grouped.slice(0, 2).map((r) => r.key)).toEqual([
      "a-1|demo|answer-correctness@1|demo-k4",
      "b-2|demo|answer-correctness@1",
    ]);
    expect(sortRowsGrouped(rows, "score", "asc").map(groupOf)).toEqual([
      "demo/eval",
      "demo/eval",
      "demo/eval",
      "gsm8k/test",
    ]);
  });

  it("leaves out evals without a summary", () => {
    writeTestRun(root, { id: "a-1", correct: [true] });
    writeTestEval(root, "a-1", { name: "pending", items: ["1"] });
    fs.rmSync(path.join(root, "runs/a-1/evals/pending/eval_summary.json"));
    const [run] = readRunFolders(root, { items: false });
    expect(evalJudgingsOf(run)).toEqual([]);
  });
});
