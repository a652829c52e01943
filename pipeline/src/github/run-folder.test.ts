import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { writeRun } from "./git-fixture.ts";
import { checkRunFolder, resolveRunDir } from "./run-folder.ts";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "tunix-runfolder-"));
  mkdirSync(path.join(root, "runs"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function problemsOf(dir: string): Promise<string> {
  const err = await checkRunFolder(root, dir).catch((e) => e);
  expect(err).toBeInstanceOf(TunixError);
  expect((err as TunixError).code).toBe("E_VALIDATION");
  return (err as TunixError).message;
}

describe("checkRunFolder", () => {
  it("accepts a valid folder and returns its manifest and files", async () => {
    const dir = writeRun(root, "ok-run", { name: "cfg" });
    const folder = await checkRunFolder(root, dir);
    expect(folder).toMatchObject({
      id: "ok-run",
      dir: "runs/ok-run",
      files: ["runs/ok-run/metrics.jsonl", "runs/ok-run/run.json"],
    });
    expect(folder.manifest.name).toBe("cfg");
  });

  it.each([
    [
      "a missing run.json",
      (dir: string) => rmSync(path.join(root, dir, "run.json")),
      "runs/r/run.json: missing run manifest",
    ],
    [
      "an unknown file (weights)",
      (dir: string) => writeFileSync(path.join(root, dir, "model.safetensors"), "x"),
      "runs/r/model.safetensors: no schema for this file",
    ],
    [
      "bad JSON in run.json",
      (dir: string) => writeFileSync(path.join(root, dir, "run.json"), "{"),
      "runs/r/run.json:1: invalid JSON",
    ],
    [
      "a run id that is not the folder name",
      (dir: string) => {
        const file = path.join(root, dir, "run.json");
        writeFileSync(file, readFileSync(file, "utf8").replace('"id": "r"', '"id": "other"'));
      },
      'runs/r/run.json: id: expected "r", found "other"',
    ],
    [
      "a bad row",
      (dir: string) => writeFileSync(path.join(root, dir, "metrics.jsonl"), "not json\n"),
      "runs/r/metrics.jsonl:1: invalid JSON",
    ],
  ])("refuses %s", async (_what, breakIt, expected) => {
    const dir = writeRun(root, "r");
    breakIt(dir);
    expect(await problemsOf(dir)).toContain(expected);
  });

  it("names every bad line, up to a cap", async () => {
    const dir = writeRun(root, "many");
    writeFileSync(path.join(root, dir, "predictions.jsonl"), "{}\n".repeat(200));
    const message = await problemsOf(dir);
    expect(message).toContain("runs/many/predictions.jsonl:1:");
    expect(message).toContain("more problems not shown");
  });
});

describe("resolveRunDir", () => {
  it("accepts runs/<id> relative to the working directory, refuses anything else", () => {
    writeRun(root, "x1");
    expect(resolveRunDir(root, "runs/x1/", root)).toBe("runs/x1");
    expect(resolveRunDir(root, "x1", path.join(root, "runs"))).toBe("runs/x1");
    expect(() => resolveRunDir(root, "runs", root)).toThrow(/not a run folder/);
    expect(() => resolveRunDir(root, "../elsewhere/runs/x1", root)).toThrow(/not a run folder/);
    expect(() => resolveRunDir(root, "runs/nope", root)).toThrow(/run folder not found/);
  });
});
