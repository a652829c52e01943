// metrics.jsonl: whole-line appends, schema-checked rows, truncation past a checkpoint step.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appendMetricsRow, readMetrics, truncateMetrics } from "./metrics.ts";

const row = (step: number) => ({
  schemaVersion: 1 as const,
  kind: "train" as const,
  step,
  epoch: step / 10,
  loss: 1 / step,
  lr: 1e-3,
  gradNorm: 0.5,
  tokens: step * 10,
  tokensPerS: 100,
  tokenAccuracy: 0.5,
  elapsedS: step,
});

describe("metrics.jsonl", () => {
  it("appends rows and cuts the ones past a step (resume after a crash)", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "tunix-")), "runs/x/metrics.jsonl");
    for (let s = 1; s <= 5; s++) appendMetricsRow(file, row(s));
    appendMetricsRow(file, {
      schemaVersion: 1,
      kind: "eval",
      step: 4,
      epoch: 0.4,
      evalLoss: 2,
      evalTokenAccuracy: 0.3,
      elapsedS: 4,
    });
    truncateMetrics(file, 3);
    expect(readMetrics(file).map((r) => r.step)).toEqual([1, 2, 3]);
    expect(readFileSync(file, "utf8").endsWith("}\n")).toBe(true);
    expect(() => appendMetricsRow(file, { ...row(6), tokenAccuracy: 2 })).toThrow();
    truncateMetrics(file, 0);
    expect(readMetrics(file)).toEqual([]);
  });
});
