import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Trace } from "../../schemas/trace.ts";
import { externalData, itWithExternalData } from "../../test-support/external-data.ts";
import { GSM8K_FORMAT } from "./gsm8k.ts";
import { importTraces } from "./import.ts";

const ctx = { source: "gsm8k/unit", row: 4, map: {} };

function tempRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  mkdirSync(path.join(root, "traces"));
  return root;
}

describe("GSM8K_FORMAT.convertRow", () => {
  it("turns annotated lines into calc steps and the #### value into the answer", () => {
    const r = GSM8K_FORMAT.convertRow(
      {
        question: " Sam packs 3 boxes of 400 nails. How many nails? ",
        answer:
          "Each box has 400 nails.\n\nSo 3*400 = <<3*400=1200>>1200 nails, or <<1200/1=1200>>1,200.\n#### 1,200",
      },
      ctx,
    );
    expect(r.problems).toBeUndefined();
    expect(r.trace).toEqual({
      schemaVersion: 1,
      id: "gsm8k/unit:4",
      source: "gsm8k/unit",
      prompt: "Sam packs 3 boxes of 400 nails. How many nails?",
      steps: [
        { text: "Each box has 400 nails." },
        {
          text: "So 3*400 = 1200 nails, or 1,200.",
          kind: "calc",
          calc: [
            { expr: "3*400", result: "1200" },
            { expr: "1200/1", result: "1200" },
          ],
        },
      ],
      answer: "1200",
      category: "gsm8k",
      difficulty: 2,
      tags: undefined,
      meta: { row: 4 },
    });
    expect(Trace.safeParse(r.trace).success).toBe(true);
  });

  it("clamps difficulty to 1..10 and keeps negative answers", () => {
    const many = Array.from({ length: 12 }, (_, i) => `Step ${i}.`).join("\n");
    const r = GSM8K_FORMAT.convertRow({ question: "Q?", answer: `${many}\n#### -3` }, ctx);
    expect(r.trace?.difficulty).toBe(10);
    expect(r.trace?.answer).toBe("-3");
    const none = GSM8K_FORMAT.convertRow({ question: "Q?", answer: "#### 5" }, ctx);
    expect(none.trace?.difficulty).toBe(1);
    expect(none.trace?.steps).toEqual([]);
  });

  it.each([
    ["no #### line", { question: "Q?", answer: "It is 5." }, "answer", "exactly one final line"],
    ["two #### lines", { question: "Q?", answer: "a\n#### 1\n#### 2" }, "answer", "exactly one final line"],
    ["empty answer", { question: "Q?", answer: "a\n####  " }, "answer", "one non-empty answer"],
    ["answer not last", { question: "Q?", answer: "#### 4\nmore text" }, "answer", "one non-empty answer"],
    [
      "annotation without =",
      { question: "Q?", answer: "a <<3*4>>12\n#### 12" },
      "answer (step 1)",
      "<<expression=result>>",
    ],
    [
      "stray <<",
      { question: "Q?", answer: "ok\nb << 3=3\n#### 3" },
      "answer (step 2)",
      "<<expression=result>>",
    ],
    ["annotation only", { question: "Q?", answer: "<<1+1=2>>\n#### 2" }, "answer (step 1)", "step text"],
    ["empty question", { question: "  ", answer: "#### 2" }, "question", "a non-empty string"],
    ["missing answer", { question: "Q?" }, "answer", "a non-empty string"],
    ["not an object", ["Q?", "#### 1"], "(root)", "an object"],
  ])("rejects %s", (_name, row, field, expected) => {
    const r = GSM8K_FORMAT.convertRow(row, ctx);
    expect(r.trace).toBeUndefined();
    expect(r.problems?.[0].field).toBe(field);
    expect(r.problems?.[0].expected).toContain(expected);
  });
});

describe.each([
  ["train", 7473],
  ["test", 1319],
])("the real GSM8K %s file", (split, rows) => {
  const data = externalData(`gsm8k/${split}.jsonl`);
  const file = data.path;

  itWithExternalData(
    data,
    `imports exactly ${rows} traces, none lost or duplicated, answers equal to ####`,
    async () => {
      const root = tempRepo();
      const out = `traces/gsm8k/${split}.jsonl`;
      const started = performance.now();
      const report = await importTraces(root, file, { format: "gsm8k", out });
      const ms = performance.now() - started;
      console.info(`GSM8K ${split}: ${report.read} rows imported in ${ms.toFixed(0)} ms`);
      expect(report).toMatchObject({ read: rows, imported: rows, duplicates: 0, skipped: 0, total: rows });
      expect(report.source).toBe(`gsm8k/${split}`);

      const inputRows = readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as { answer: string });
      const lines = readFileSync(path.join(root, out), "utf8").split("\n");
      expect(lines.pop()).toBe("");
      expect(lines).toHaveLength(rows);
      const ids = new Set<string>();
      const seenRows = new Set<number>();
      for (const line of lines) {
        const trace = Trace.parse(JSON.parse(line));
        const row = trace.meta?.row as number;
        ids.add(trace.id);
        seenRows.add(row);
        expect(trace.id).toBe(`gsm8k/${split}:${row}`);
        const hash = inputRows[row].answer.split("####")[1].trim().replace(/,/g, "");
        expect(trace.answer).toBe(hash);
        expect(trace.steps.every((s) => !/<<|>>/.test(s.text))).toBe(true);
      }
      expect(ids.size).toBe(rows);
      expect(seenRows.size).toBe(rows);
      expect(Math.min(...seenRows)).toBe(0);
      expect(Math.max(...seenRows)).toBe(rows - 1);

      const before = readFileSync(path.join(root, out));
      const again = await importTraces(root, file, { format: "gsm8k", out });
      expect(again).toMatchObject({ read: rows, imported: 0, duplicates: rows, total: rows, written: false });
      expect(readFileSync(path.join(root, out)).equals(before)).toBe(true);
      rmSync(root, { recursive: true, force: true });
    },
  );
});
