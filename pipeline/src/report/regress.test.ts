import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Baselines } from "../schemas/baselines.ts";
import { formatRegression, regressRun } from "./regress.ts";
import { writeTestRun } from "./test-runs.ts";

const tenOf = (right: number) => Array.from({ length: 10 }, (_, i) => i < right);
const baselines = Baselines.parse({
  schemaVersion: 1,
  baselines: [{ name: "main", run: "base", tolerance: 0.1 }],
});

function repo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-regress-"));
  writeTestRun(root, { id: "base", correct: tenOf(8) });
  return root;
}

describe("regressRun", () => {
  it("flags a drop beyond the tolerance and passes one within it", () => {
    const root = repo();
    writeTestRun(root, { id: "worse", correct: tenOf(6) }); // −20 points, tolerance 10
    writeTestRun(root, { id: "close", correct: tenOf(7) }); // −10 points: at the tolerance, not beyond
    const worse = regressRun(root, "worse", baselines);
    expect(worse.regressed).toBe(true);
    expect(worse.rows[0]).toMatchObject({ baselineScore: 0.8, score: 0.6, delta: -0.2, regressed: true });
    expect(worse.rows[0].paired).toMatchObject({ common: 10, fixed: 0, broken: 2 });
    expect(regressRun(root, "close", baselines).regressed).toBe(false);
  });

  it("reads the direction: for a lower-is-better metric a rise is the regression", () => {
    const root = repo();
    writeTestRun(root, { id: "better", correct: tenOf(10) });
    const lower = Baselines.parse({
      schemaVersion: 1,
      baselines: [{ name: "m", run: "base", direction: "lower", tolerance: 0.1 }],
    });
    expect(regressRun(root, "better", lower).regressed).toBe(true);
    expect(regressRun(root, "better", baselines).regressed).toBe(false);
  });

  it("skips baselines on another dataset and the baseline itself, and says why", () => {
    const root = repo();
    writeTestRun(root, { id: "other", correct: tenOf(1), dataset: "other" });
    const r = regressRun(root, "other", baselines);
    expect(r.regressed).toBe(false);
    expect(r.rows[0].skipped).toMatch(/dataset demo, the run on other/);
    expect(regressRun(root, "base", baselines).rows[0].skipped).toBe("the run is this baseline");
    expect(formatRegression(r).join("\n")).toContain("skipped: baseline is on dataset demo");
  });

  it("names the missing run folder instead of passing silently", () => {
    const root = repo();
    writeTestRun(root, { id: "new", correct: tenOf(8) });
    const missing = Baselines.parse({ schemaVersion: 1, baselines: [{ name: "gone", run: "nope" }] });
    expect(() => regressRun(root, "new", missing)).toThrow(/runs\/nope/);
  });
});
