import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { externalData, itWithExternalData } from "../test-support/external-data.ts";
import { checkTraces, type TraceCheckReport } from "./trace-check.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(HERE, "../../..");
const BIN = path.join(PROJECT, "pipeline/bin/tunix-rt.js");
const GSM8K_TRAIN = externalData("gsm8k/train.jsonl");
const run = promisify(execFile);

const trace = (
  id: string,
  steps: { text: string; calc?: { expr: string; result: string }[] }[],
  answer: string,
) => JSON.stringify({ schemaVersion: 1, id, source: "test/check", prompt: `Question ${id}?`, steps, answer });

function tempRepo(lines: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  mkdirSync(path.join(root, "traces"), { recursive: true });
  mkdirSync(path.join(root, "datasets"), { recursive: true });
  writeFileSync(path.join(root, "traces/t.jsonl"), `${lines.join("\n")}\n`);
  return root;
}

async function cli(root: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      cwd: root,
      env: { ...process.env, TUNIX_RT_ROOT: root },
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const LINES = [
  trace("good", [{ text: "16 - 3 = 13 eggs", calc: [{ expr: "16-3", result: "13" }] }], "13"),
  trace("bad-text", [{ text: "He buys 2 packs." }, { text: "So 2 * 6 = 13 pens." }], "13"),
  trace("bad-calc", [{ text: "Total is 40 cents.", calc: [{ expr: "4*10", result: "41" }] }], "41"),
];

describe("traces check", () => {
  it("lists traces whose own steps hold wrong arithmetic, with file:line", async () => {
    const root = tempRepo(LINES);
    const report = await checkTraces(root, "traces/t.jsonl");
    expect(report).toMatchObject({
      target: "traces/t.jsonl",
      traces: 3,
      claimsChecked: 4,
      tracesWithWrong: 2,
    });
    expect(report.wrong).toEqual([
      {
        file: "traces/t.jsonl",
        line: 2,
        id: "bad-text",
        step: 1,
        claim: "2 * 6 = 13",
        expected: "12",
        found: "13",
        from: "text",
      },
      {
        file: "traces/t.jsonl",
        line: 3,
        id: "bad-calc",
        step: 0,
        claim: "4*10=41",
        expected: "40",
        found: "41",
        from: "calc",
      },
    ]);
    const text = await cli(root, ["traces", "check", "traces/t.jsonl"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("traces/t.jsonl:2: bad-text: step 2: 2 * 6 = 13 (expected 12)");
    expect(text.stdout).toContain("2 of 3 traces have wrong arithmetic");
    const json = await cli(root, ["traces", "check", "traces/t.jsonl", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual(report);
  });

  it("checks the traces a dataset's lock names", async () => {
    const root = tempRepo(LINES);
    writeFileSync(
      path.join(root, "datasets/d.yaml"),
      "schemaVersion: 1\nname: d\nsources: [traces/t.jsonl]\nsplit: {ratios: {train: 0.5, eval: 0.5}}\n",
    );
    await writeDatasetLock(root, "d");
    const report = await checkTraces(root, "d");
    expect(report).toMatchObject({ target: "d", traces: 3, tracesWithWrong: 2 });
  });

  it("fails (exit 1) on invalid input and unknown targets, naming file:line", async () => {
    const root = tempRepo([LINES[0], '{"schemaVersion": 1, "id": "x"}', "not json"]);
    await expect(checkTraces(root, "traces/t.jsonl")).rejects.toThrow(TunixError);
    const r = await cli(root, ["traces", "check", "traces/t.jsonl"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("traces/t.jsonl:3: invalid JSON");
    expect((await cli(root, ["traces", "check", "nope"])).code).toBe(1);
    expect((await cli(root, ["traces", "check"])).code).toBe(2);
  });

  itWithExternalData(GSM8K_TRAIN, "over GSM8K train: counts gold traces with wrong arithmetic", async () => {
    // Rows → traces here, not with the import helper: one step per answer line, `<<expr=result>>` → calc.
    const rows = readFileSync(GSM8K_TRAIN.path, "utf8")
      .split("\n")
      .filter((l) => l.trim());
    const lines = rows.map((l, i) => {
      const { answer } = JSON.parse(l) as { answer: string };
      const steps = answer
        .split("\n")
        .filter((s) => s.trim() !== "" && !s.startsWith("####"))
        .map((s) => {
          const calc: { expr: string; result: string }[] = [];
          const text = s.replace(/<<([^<>]*)>>/g, (_, inner: string) => {
            const eq = inner.lastIndexOf("=");
            calc.push({ expr: inner.slice(0, eq), result: inner.slice(eq + 1) });
            return "";
          });
          return { text: text.trim() || "(calculation)", calc };
        });
      return trace(`gsm8k-train-${i + 1}`, steps, answer.slice(answer.lastIndexOf("####") + 4).trim());
    });
    const root = tempRepo(lines);
    const r = await cli(root, ["traces", "check", "traces/t.jsonl", "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as TraceCheckReport;
    const withWrongAnnotation = new Set(report.wrong.filter((w) => w.from === "calc").map((w) => w.id)).size;
    console.log(
      `GSM8K train: ${report.traces} traces, ${report.claimsChecked} claims checked; ${withWrongAnnotation} traces ` +
        `with a wrong calculator annotation, ${report.tracesWithWrong} with wrong arithmetic in their steps`,
    );
    expect(report.traces).toBe(7473);
    // Every annotation's result is its expression's exact value; the wrong arithmetic is in the text
    // (`192*100=$1920`; `6*2.5 = $18.00` beside `<<6*3=18.00>>`). A pinned count: stable run to run.
    expect(withWrongAnnotation).toBe(0);
    expect(report.tracesWithWrong).toBe(30);
    expect(report.tracesWithWrong).toBeGreaterThan(0);
    expect(report.tracesWithWrong).toBeLessThan(0.05 * report.traces);
  });
});
