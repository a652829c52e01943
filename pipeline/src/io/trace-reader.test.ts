import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Problem } from "../errors.ts";
import { Trace } from "../schemas/trace.ts";
import {
  fastPathOn,
  isPlainTrace,
  jsonLineError,
  lineBatches,
  readTraces,
  scanTraces,
  TRACE_SCHEMA_FINGERPRINT,
  traceSchemaFingerprint,
} from "./trace-reader.ts";

const good = {
  schemaVersion: 1,
  id: "gsm8k/train:12",
  source: "gsm8k/train",
  prompt: "What is 2 + 2?",
  steps: [{ text: "2 + 2 = 4.", kind: "calc", calc: [{ expr: "2+2", result: "4" }] }, { text: "Done." }],
  answer: "4",
  category: "arithmetic",
  difficulty: 2,
  tags: ["easy"],
  meta: { row: 12, nested: { a: [1] } },
};

function tempFile(text: string): { root: string; file: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  fs.writeFileSync(path.join(root, "t.jsonl"), text);
  return { root, file: "t.jsonl" };
}

/** Mutations a person or a bad tool might make to a trace. */
function mutations(): unknown[] {
  const out: unknown[] = [];
  const odd = [null, 0, 1.5, -1, 11, "", "x", "Bad Source", "a b", true, [], {}, [""], [1], { text: "" }];
  const paths: string[][] = [
    ["schemaVersion"],
    ["id"],
    ["source"],
    ["prompt"],
    ["steps"],
    ["steps", "0"],
    ["steps", "0", "text"],
    ["steps", "0", "kind"],
    ["steps", "0", "calc"],
    ["steps", "0", "calc", "0"],
    ["steps", "0", "calc", "0", "expr"],
    ["answer"],
    ["category"],
    ["difficulty"],
    ["tags"],
    ["tags", "0"],
    ["meta"],
    ["extra"],
    ["steps", "1", "extra"],
    ["steps", "0", "calc", "0", "extra"],
  ];
  for (const p of paths) {
    for (const v of [...odd, undefined]) {
      const copy = structuredClone(good) as Record<string, unknown>;
      let cur = copy as Record<string, unknown>;
      for (const k of p.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
      if (v === undefined) delete cur[p[p.length - 1]];
      else cur[p[p.length - 1]] = v;
      out.push(copy);
    }
  }
  out.push(null, [], "trace", 1, JSON.parse('{"__proto__": 1}'), {
    ...good,
    meta: JSON.parse('{"__proto__":{}}'),
  });
  return out;
}

describe("fast pre-check", () => {
  it("is written against the current Trace schema", () => {
    // If this fails, the Trace schema changed: bring isPlainTrace in line with it, then update
    // TRACE_SCHEMA_FINGERPRINT. Until then the reader is correct but slower (zod only).
    expect(traceSchemaFingerprint()).toBe(TRACE_SCHEMA_FINGERPRINT);
    expect(fastPathOn()).toBe(true);
  });

  it("accepts a valid trace", () => {
    expect(isPlainTrace(good)).toBe(true);
    expect(isPlainTrace({ ...good, steps: [] })).toBe(true);
  });

  it("never accepts what the schema rejects, and agrees on most mutations", () => {
    let agreed = 0;
    const cases = mutations();
    for (const v of cases) {
      const zodOk = Trace.safeParse(v).success;
      const fastOk = isPlainTrace(v);
      if (fastOk) expect({ v, zodOk }).toEqual({ v, zodOk: true });
      if (fastOk === zodOk) agreed++;
    }
    expect(cases.length).toBeGreaterThan(300);
    expect(agreed / cases.length).toBeGreaterThan(0.95);
  });
});

describe("readTraces", () => {
  it("yields valid traces with file and line and reports each bad line", async () => {
    const lines = [
      JSON.stringify(good),
      "",
      "{not json",
      JSON.stringify({ ...good, id: "b", answer: 4 }),
      "   ",
      JSON.stringify({ ...good, id: "c", colour: "red" }),
      JSON.stringify({ ...good, id: "d" }),
    ];
    const { root, file } = tempFile(`${lines.join("\r\n")}\r\n`);
    const problems: Problem[] = [];
    const got = [];
    for await (const t of readTraces(root, [file], (p) => problems.push(p))) got.push([t.trace.id, t.line]);
    expect(got).toEqual([
      ["gsm8k/train:12", 1],
      ["d", 7],
    ]);
    expect(problems).toMatchInlineSnapshot(`
      [
        {
          "file": "t.jsonl",
          "hint": "each line must be one JSON object",
          "line": 3,
          "message": "invalid JSON: Expected property name or '}' at column 2",
        },
        {
          "expected": "string",
          "field": "answer",
          "file": "t.jsonl",
          "found": "4",
          "hint": undefined,
          "line": 4,
        },
        {
          "expected": "only known keys",
          "field": "colour",
          "file": "t.jsonl",
          "found": "unknown key "colour"",
          "hint": "remove it or fix its spelling; see the JSON Schema from \`npm run schemas\`",
          "line": 6,
        },
      ]
    `);
  });

  it("scanTraces visits the same traces and counts non-blank lines", async () => {
    const text = `${JSON.stringify(good)}\n\n${JSON.stringify({ ...good, id: "x" })}\n{}\n`;
    const { root, file } = tempFile(text);
    const seen: [string, number, number][] = [];
    const problems: Problem[] = [];
    const count = await scanTraces(
      root,
      [file],
      (t, f, line) => seen.push([t.id, f, line]),
      (p) => problems.push(p),
    );
    expect(count).toBe(3);
    expect(seen).toEqual([
      ["gsm8k/train:12", 0, 1],
      ["x", 0, 3],
    ]);
    expect(problems.map((p) => [p.line, p.field])).toContainEqual([4, "schemaVersion"]);
  });
});

describe("lineBatches", () => {
  it("numbers lines across chunk boundaries, with CRLF and multi-byte text", async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i + 1} ${"é€😀".repeat(i % 7)}`);
    const { root, file } = tempFile(`${lines.join("\r\n")}`);
    const got: string[] = [];
    for await (const b of lineBatches(path.join(root, file), 64)) {
      b.lines.forEach((l, i) => {
        expect(l.startsWith(`line ${b.firstLine + i} `)).toBe(true);
        got.push(l);
      });
    }
    expect(got).toEqual(lines);
  });
});

it("jsonLineError drops V8's line 1 of a one-line text", () => {
  expect(jsonLineError("Unexpected token 'x' in JSON at position 3 (line 1 column 4)")).toBe(
    "Unexpected token 'x' at column 4",
  );
  expect(jsonLineError("Unexpected end of JSON input")).toBe("Unexpected end of JSON input");
});
