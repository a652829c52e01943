import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import type { VerdictRow } from "../schemas/rows.ts";
import { joinItems, methodLabel, runJudges, runStatusLabel, toRunView } from "./run-view.ts";
import { readRunFolder } from "./runs-reader.ts";
import { writeTestRun } from "./test-runs.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("toRunView", () => {
  it("joins every prediction with its verdicts and carries curves and summary", () => {
    writeTestRun(root, { id: "a-1", correct: [true, false, true, true, false] });
    const view = toRunView(readRunFolder(root, "a-1"));
    expect(view.items.map((i) => i.verdicts["answer-correctness@1"]?.correct)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(view.items[4].finishReason).toBe("length");
    expect(view.judges).toEqual(["answer-correctness@1"]);
    expect(view.curves.loss.steps.length).toBeGreaterThan(2);
    expect(view.summary?.judges["answer-correctness@1"].correct).toBe(3);
  });

  it("leaves items without verdicts empty and ignores verdicts of unknown items", () => {
    writeTestRun(root, { id: "a-1", correct: [true] });
    const run = readRunFolder(root, "a-1");
    const stray: VerdictRow = { ...run.verdicts[0], id: "nope", judge: "format@1" };
    const items = joinItems(
      [...run.predictions, { ...run.predictions[0], id: "extra" }],
      [...run.verdicts, stray],
    );
    expect(items.map((i) => i.id)).toEqual(["item-0", "extra"]);
    expect(items[1].verdicts).toEqual({});
    expect(runJudges(undefined, [...run.verdicts, stray])).toEqual(["answer-correctness@1", "format@1"]);
  });
});

describe("runStatusLabel", () => {
  const done = { status: "completed" as const };
  it("reads a run completed after training alone as trained, not evaluated (not completed)", () => {
    expect(runStatusLabel({ status: "completed", stages: { train: done } })).toEqual({
      label: "trained, not evaluated",
      tone: "warn",
    });
    expect(runStatusLabel({ status: "completed", stages: { train: done, infer: done } }).label).toBe(
      "inferred, not judged",
    );
    expect(
      runStatusLabel({ status: "completed", stages: { train: done, infer: done, judge: done } }).label,
    ).toBe("judged, not summarized");
  });

  it("keeps completed, failed and running as they are", () => {
    const all = { train: done, infer: done, judge: done, summarize: done };
    expect(runStatusLabel({ status: "completed", stages: all })).toEqual({
      label: "completed",
      tone: "good",
    });
    expect(runStatusLabel({ status: "completed", stages: {} }).label).toBe("completed");
    expect(runStatusLabel({ status: "failed", stages: { train: done } })).toEqual({
      label: "failed",
      tone: "bad",
    });
    expect(runStatusLabel({ status: "running", stages: { train: done } })).toEqual({
      label: "running",
      tone: "warn",
    });
  });
});

describe("methodLabel", () => {
  const config = (training: Record<string, unknown>) =>
    RunConfig.parse({ schemaVersion: 1, dataset: { name: "demo" }, training });
  it("names a full fine-tune, and LoRA with its rank, alpha and trainable share", () => {
    expect(methodLabel({ config: config({}) })).toBe("full fine-tune");
    const lora = config({ method: "lora", lora: { r: 16, alpha: 32, rslora: true } });
    expect(methodLabel({ config: lora })).toBe("LoRA r16 (α 32, rsLoRA)");
    const model = {
      family: "gemma3",
      parameters: 3_241_728,
      trainableParameters: 76_800,
      method: "lora" as const,
    };
    expect(methodLabel({ config: lora, model })).toBe(
      "LoRA r16 (α 32, rsLoRA): 76,800 of 3,241,728 parameters trainable",
    );
  });
});
