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
    expect(worse.rows[0]).toMatchObject({
      n: 10,
      baselineScore: 0.8,
      score: 0.6,
      delta: -0.2,
      verdict: "regressed",
      regressed: true,
    });
    expect(worse.rows[0].paired).toMatchObject({ fixed: 0, broken: 2 });
    expect(worse.rows[0].itemsDiffer).toBeUndefined();
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
    expect(r.rows[0]).toMatchObject({
      verdict: "skipped",
      reason: expect.stringMatching(/dataset demo, the run on other/),
    });
    expect(regressRun(root, "base", baselines).rows[0].reason).toBe("the run is this baseline");
    expect(formatRegression(r).join("\n")).toContain("skipped: baseline is on dataset demo");
  });

  // The reported case: the baseline judged 405 items, the run 40 of them (an eval limit). The old
  // check subtracted the two whole-run scores (60% over 40 − 95.1% over 405 = −35 points) and
  // called it a regression while the paired interval beside it said otherwise; the verdict now
  // rests on the 40 common items, where the run is 10 points better.
  it("decides on the paired delta over the common items when a 40-item run meets a 405-item baseline", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "tunix-regress-"));
    // Baseline: half right on the first 40 items, right on the other 365: 385/405 = 95.1%.
    writeTestRun(root, {
      id: "base",
      correct: Array.from({ length: 405 }, (_, i) => i >= 40 || i % 2 === 0),
    });
    // Run: 24 of those 40 items right (60%); it fixes 4 items and breaks none.
    writeTestRun(root, { id: "small", correct: Array.from({ length: 40 }, (_, i) => i % 2 === 0 || i < 8) });
    const r = regressRun(root, "small", baselines);
    expect(r.rows[0]).toMatchObject({
      verdict: "ok",
      regressed: false,
      n: 40,
      baselineScore: 0.5,
      score: 0.6,
      delta: 0.1,
      paired: { fixed: 4, broken: 0 },
      itemsDiffer: {
        onlyRun: 0,
        onlyBaseline: 365,
        runScore: { score: 0.6, n: 40 },
        baselineScore: { score: 0.950617, n: 405 },
      },
    });
    expect(r.failed).toBe(false);
    const [lo, hi] = r.rows[0].paired!.deltaCi95;
    expect(lo).toBeLessThanOrEqual(0.1);
    expect(hi).toBeGreaterThanOrEqual(0.1);
    const md = formatRegression(r).join("\n");
    expect(md).toContain("| main (`base`) | answer-correctness@1 | 40 | 50.0% | 60.0% | +10.0% |");
    expect(md).toContain("the item sets differ (0 only in the run, 365 only in the baseline)");
    expect(md).toContain("run 60.0% (n=40), baseline 95.1% (n=405) — not a paired comparison");
  });

  it("flags a regression on the common items even when the whole-run scores look fine", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "tunix-regress-"));
    // Baseline right on the first 40 items only (40/405 = 9.9%); the run gets 30 of those 40 (75%).
    writeTestRun(root, { id: "base", correct: Array.from({ length: 405 }, (_, i) => i < 40) });
    writeTestRun(root, { id: "small", correct: Array.from({ length: 40 }, (_, i) => i < 30) });
    const r = regressRun(root, "small", baselines);
    expect(r.rows[0]).toMatchObject({
      verdict: "regressed",
      n: 40,
      baselineScore: 1,
      score: 0.75,
      delta: -0.25,
    });
    expect(r.failed).toBe(true);
  });

  it("refuses to decide when the runs share no item, and fails the report", () => {
    const root = repo();
    writeTestRun(root, { id: "elsewhere", correct: tenOf(10), idPrefix: "other-" });
    const r = regressRun(root, "elsewhere", baselines);
    expect(r.rows[0]).toMatchObject({ verdict: "incomparable", n: 0, regressed: false });
    expect(r.rows[0].delta).toBeUndefined();
    expect(r.rows[0].reason).toBe("no item judged by both runs (10 in the run, 10 in the baseline)");
    expect(r).toMatchObject({ regressed: false, incomparable: true, failed: true });
    expect(formatRegression(r)[0]).toContain("**not comparable**");
  });

  it("names the missing run folder instead of passing silently", () => {
    const root = repo();
    writeTestRun(root, { id: "new", correct: tenOf(8) });
    const missing = Baselines.parse({ schemaVersion: 1, baselines: [{ name: "gone", run: "nope" }] });
    expect(() => regressRun(root, "new", missing)).toThrow(/runs\/nope/);
  });
});
