import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../schemas/rows.ts";
import { runCurves, smoothEma } from "./curves.ts";

describe("smoothEma", () => {
  it("starts at the first value (debiased) and follows a constant exactly", () => {
    expect(smoothEma([3, 3, 3])).toEqual([3, 3, 3]);
    const s = smoothEma([3, 2, 1], 0.6);
    expect(s[0]).toBe(3);
    expect(s[1]).toBeCloseTo((0.6 * 0.4 * 3 + 0.4 * 2) / (1 - 0.36), 6);
    expect(smoothEma([5, 1], 0)).toEqual([5, 1]);
  });
});

describe("runCurves", () => {
  it("splits train and eval rows into series sorted by step", () => {
    const rows: MetricsRow[] = [
      {
        schemaVersion: 1,
        kind: "train",
        step: 10,
        epoch: 0,
        loss: 2,
        lr: 0.1,
        gradNorm: 3,
        tokens: 1,
        tokensPerS: 1,
        tokenAccuracy: 0,
        elapsedS: 1,
      },
      {
        schemaVersion: 1,
        kind: "train",
        step: 0,
        epoch: 0,
        loss: 4,
        lr: 0.2,
        gradNorm: 5,
        tokens: 1,
        tokensPerS: 1,
        tokenAccuracy: 0,
        elapsedS: 0,
      },
      {
        schemaVersion: 1,
        kind: "eval",
        step: 10,
        epoch: 0,
        evalLoss: 2.5,
        evalTokenAccuracy: 0,
        elapsedS: 1,
      },
    ];
    const c = runCurves(rows);
    expect(c.loss.steps).toEqual([0, 10]);
    expect(c.loss.raw).toEqual([4, 2]);
    expect(c.lr.raw).toEqual([0.2, 0.1]);
    expect(c.gradNorm.raw).toEqual([5, 3]);
    expect(c.evalLoss).toEqual({ steps: [10], raw: [2.5], smooth: [2.5] });
    expect(c.loss.smooth[1]).toBeGreaterThan(2);
  });
});
