import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { listRunIds, readRunFolder, readRunFolders } from "./runs-reader.ts";
import { writeTestRun } from "./test-runs.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("readRunFolder", () => {
  it("reads every file of a run through its schema", () => {
    writeTestRun(root, { id: "a-1", correct: [true, false, true] });
    const run = readRunFolder(root, "a-1");
    expect(run.files).toEqual([
      "run.json",
      "metrics.jsonl",
      "predictions.jsonl",
      "verdicts.jsonl",
      "eval_summary.json",
    ]);
    expect(run.predictions.map((p) => p.id)).toEqual(["item-0", "item-1", "item-2"]);
    expect(run.verdicts).toHaveLength(3);
    expect(run.summary?.judges["answer-correctness@1"].correct).toBe(2);
    expect(run.metrics.some((m) => m.kind === "eval")).toBe(true);
  });

  it("skips the item files when asked and reports absent files as absent", () => {
    writeTestRun(root, { id: "a-1", correct: [true] });
    fs.rmSync(path.join(root, "runs/a-1/metrics.jsonl"));
    const run = readRunFolder(root, "a-1", { items: false });
    expect(run.predictions).toEqual([]);
    expect(run.metrics).toEqual([]);
    expect(run.files).not.toContain("metrics.jsonl");
  });

  it("fails with file, line and field on a broken line instead of returning an empty list", () => {
    writeTestRun(root, { id: "a-1", correct: [true, true] });
    const file = path.join(root, "runs/a-1/verdicts.jsonl");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[1] = lines[1].replace('"correct":true', '"correct":"yes"');
    fs.writeFileSync(file, lines.join("\n"));
    let error: unknown;
    try {
      readRunFolder(root, "a-1");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TunixError);
    expect((error as TunixError).message).toContain("runs/a-1/verdicts.jsonl:2: correct: expected boolean");
  });

  it("rejects a manifest whose id is not its folder name", () => {
    writeTestRun(root, { id: "a-1", correct: [true] });
    fs.renameSync(path.join(root, "runs/a-1"), path.join(root, "runs/b-2"));
    expect(() => readRunFolder(root, "b-2")).toThrow(
      /runs\/b-2\/run.json:1: id: expected "b-2", found "a-1"/,
    );
  });
});

describe("listRunIds", () => {
  it("lists run folders sorted and refuses a folder without a manifest", () => {
    expect(listRunIds(root)).toEqual([]);
    writeTestRun(root, { id: "b-2", correct: [true] });
    writeTestRun(root, { id: "a-1", correct: [false] });
    expect(listRunIds(root)).toEqual(["a-1", "b-2"]);
    expect(readRunFolders(root, { items: false }).map((r) => r.id)).toEqual(["a-1", "b-2"]);
    fs.mkdirSync(path.join(root, "runs/stray"));
    expect(() => listRunIds(root)).toThrow(/runs\/stray\/run.json: run folder without a manifest/);
  });
});
