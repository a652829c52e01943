// validate on a run's extra evals (runs/<id>/evals/<name>/): a valid eval folder passes; its rows
// are checked line by line (file:line); an eval.json naming another run or eval is a reference
// problem; an eval's dataset need not be committed (GSM8K is brought by users, never committed).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors.ts";
import { writeTestEval } from "../report/test-evals.ts";
import { makeValidRepo, replaceLine } from "./test-repo.ts";
import { validateRepo } from "./validate.ts";

async function problemLines(root: string): Promise<string[]> {
  const report = await validateRepo(root, { cwd: root });
  return report.problems.map(formatProblem);
}

describe("validate: extra evals", () => {
  it("passes a valid eval folder on a dataset that is not committed", async () => {
    const root = await makeValidRepo();
    writeTestEval(root, "tiny-1", { name: "gsm8k-test", dataset: "gsm8k", split: "test", items: ["1", "0"] });
    writeTestEval(root, "tiny-1", { name: "demo-k4", items: ["1100", "0000"] });
    const report = await validateRepo(root, { cwd: root });
    expect(report.problems).toEqual([]);
    expect(report.files).toBe(9 + 8);
  });

  it("checks the eval's rows line by line and its names against its folders", async () => {
    const root = await makeValidRepo();
    writeTestEval(root, "tiny-1", { name: "gsm8k-test", dataset: "gsm8k", split: "test", items: ["1", "0"] });
    replaceLine(root, "runs/tiny-1/evals/gsm8k-test/verdicts.jsonl", 2, '{"schemaVersion":1}');
    const evalJson = path.join(root, "runs/tiny-1/evals/gsm8k-test/eval.json");
    const text = fs.readFileSync(evalJson, "utf8");
    fs.writeFileSync(evalJson, text.replace('"name": "gsm8k-test"', '"name": "gsm8k-train"'));
    const line = text.split("\n").findIndex((l) => l.includes('"name": "gsm8k-test"')) + 1;
    const lines = await problemLines(root);
    expect(lines.some((l) => l.startsWith("runs/tiny-1/evals/gsm8k-test/verdicts.jsonl:2: id:"))).toBe(true);
    expect(lines).toContain(
      `runs/tiny-1/evals/gsm8k-test/eval.json:${line}: name: expected "gsm8k-test" (the eval folder's name), found "gsm8k-train" (an eval lives in runs/<run id>/evals/<its name>/)`,
    );
  });
});
