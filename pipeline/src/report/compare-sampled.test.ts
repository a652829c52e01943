// compareRuns on sampled evals: each pair gains the paired bootstrap of pass@1 / pass@k / maj@k
// differences over the items both sampled (B better on pass@4 here: Δ by hand), printed by the text
// and Markdown formats and by `tunix-rt compare --eval`; runs generated once per item have none.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../validate/test-repo.ts";
import { compareRuns } from "./compare.ts";
import { formatComparison, formatComparisonMarkdown } from "./compare-format.ts";
import { evalCompareInput } from "./eval-view.ts";
import { readEvalFolder } from "./evals-reader.ts";
import { toRunView } from "./run-view.ts";
import { readRunFolder } from "./runs-reader.ts";
import { writeTestEval } from "./test-evals.ts";
import { writeTestRun } from "./test-runs.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-cmp-sampled-"));
  for (const id of ["a-1", "b-2"]) writeTestRun(root, { id, correct: [true, false, true, false] });
  writeTestEval(root, "a-1", { name: "k4", items: ["1000", "0000", "0000", "1111"] });
  writeTestEval(root, "b-2", { name: "k4", items: ["1100", "0010", "0001", "1111"] });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const inputOf = (id: string) =>
  evalCompareInput(readRunFolder(root, id).manifest.config, readEvalFolder(root, id, "k4"));

describe("compareRuns on sampled evals", () => {
  it("adds pass@k and maj@k deltas with paired bootstrap intervals", () => {
    const c = compareRuns([inputOf("a-1"), inputOf("b-2")], "answer-correctness@1");
    expect(c.runs).toEqual(["a-1/k4", "b-2/k4"]);
    const s = c.pairs[0].sampled!;
    expect(s).toMatchObject({ common: 4, k: 4 });
    // pass@1: A (1 + 0 + 0 + 4) / 16, B (2 + 1 + 1 + 4) / 16 → Δ = 3/16.
    expect(s.passAt1.delta).toBeCloseTo(3 / 16, 6);
    // pass@4 = any right: A 2/4, B 4/4.
    expect(s.passAtK).toMatchObject({ a: 0.5, b: 1, delta: 0.5 });
    expect(s.passAtK.ci95[1]).toBeGreaterThanOrEqual(s.passAtK.delta);
    expect(formatComparison(c).join("\n")).toMatch(/pass@4 50\.0% → 100\.0%, Δ = \+50\.0pp \[/);
    expect(formatComparisonMarkdown(c).join("\n")).toMatch(
      /`a-1\/k4` → `b-2\/k4`: over 4 samples on 4 items/,
    );
    // The runs' own predictions were generated once: no sampled numbers.
    const own = compareRuns(
      [toRunView(readRunFolder(root, "a-1")), toRunView(readRunFolder(root, "b-2"))],
      "answer-correctness@1",
    );
    expect(own.pairs[0].sampled).toBeNull();
  });

  it("is what `tunix-rt compare --eval` prints", () => {
    const r = runCli(root, ["compare", "runs/a-1", "runs/b-2", "--eval", "k4", "--json"]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.pairs[0].sampled.passAtK.delta).toBe(0.5);
    const missing = runCli(root, ["compare", "a-1", "b-2", "--eval", "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/runs\/a-1\/evals\/nope\/eval\.json/);
  });
});
