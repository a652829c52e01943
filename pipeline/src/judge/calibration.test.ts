import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { calibrateJudge, readJudgeCases } from "./calibration.ts";

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CASES = path.join(PROJECT, "configs/judge-cases/answer-correctness.jsonl");
const BIN = path.join(PROJECT, "pipeline/bin/tunix-rt.js");
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      cwd: PROJECT,
      env: { ...process.env, TUNIX_RT_ROOT: PROJECT },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("judge calibration", () => {
  it("answer-correctness@1 agrees with every case of its calibration file", async () => {
    const cases = await readJudgeCases(CASES);
    const r = await calibrateJudge(cases, "answer-correctness@1", { root: PROJECT });
    expect(r.disagreements).toEqual([]);
    expect(r.agreement).toBe(1);
    expect(r.n).toBeGreaterThanOrEqual(60);
    for (const category of [
      "extraction",
      "gold",
      "normalisation",
      "thousands",
      "rational",
      "irrational",
      "percent",
      "units",
      "number-words",
      "hedged",
      "expression",
      "tuple",
      "interval",
      "union",
      "set",
      "text",
      "choice",
      "robustness",
    ]) {
      expect(r.by_category[category]?.agreement, category).toBe(1);
    }
    expect(cases.some((c) => c.expected) && cases.some((c) => !c.expected)).toBe(true);
  });

  it("reports agreement per category and lists disagreements", async () => {
    const cases = [
      { id: "a", gold: "12", prediction: "Answer: 12", expected: true, category: "easy" },
      { id: "b", gold: "12", prediction: "Answer: 13", expected: true, category: "easy" },
      { id: "c", gold: "x+1", prediction: "1+x", expected: true },
    ];
    const r = await calibrateJudge(cases, "answer-correctness@1", {});
    expect(r).toMatchObject({
      n: 3,
      agree: 2,
      by_category: { easy: { n: 2, agree: 1, agreement: 0.5 }, "(none)": { n: 1, agreement: 1 } },
    });
    expect(r.agreement).toBeCloseTo(2 / 3, 12);
    expect(r.disagreements).toEqual([
      {
        id: "b",
        category: "easy",
        expected: true,
        got: false,
        rule: "answer-phrase",
        comparison: "rational",
        extracted: "13",
        gold: "12",
      },
    ]);
  });

  it("rejects an invalid cases file, naming every bad line", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    const file = path.join(dir, "cases.jsonl");
    writeFileSync(
      file,
      '{"id": "a", "gold": "1", "prediction": "1", "expected": true}\n{"id": "a", "gold": "1", "prediction": "1", "expected": true}\nnope\n{"id": "c", "gold": "1", "prediction": "1", "expected": "yes"}\n',
    );
    const err = await readJudgeCases(file, "cases.jsonl").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).message).toContain("cases.jsonl:2: id: duplicate id a");
    expect((err as TunixError).message).toContain("cases.jsonl:3: invalid JSON");
    expect((err as TunixError).message).toContain("cases.jsonl:4: expected: expected boolean");
  });

  it("runs as `tunix-rt judge cases`, in text and JSON", async () => {
    const json = await cli([
      "judge",
      "cases",
      "configs/judge-cases/answer-correctness.jsonl",
      "--judge",
      "answer-correctness@1",
      "--json",
    ]);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r).toMatchObject({ agreement: 1, disagreements: [], judge: "answer-correctness@1" });
    expect(r.n).toBeGreaterThanOrEqual(60);
    expect(Object.keys(r.by_category).length).toBeGreaterThan(10);
    const text = await cli([
      "judge",
      "cases",
      "configs/judge-cases/answer-correctness.jsonl",
      "--judge",
      "exact-match@1",
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^exact-match@1: agreement \d+\.\d% \(\d+\/\d+\)/);
    expect(text.stdout).toContain("disagreements:");
    expect((await cli(["judge", "cases", "configs/judge-cases/answer-correctness.jsonl"])).code).toBe(2);
    expect(
      (await cli(["judge", "cases", "configs/judge-cases/answer-correctness.jsonl", "--judge", "nope@1"]))
        .code,
    ).toBe(2);
  });
});
