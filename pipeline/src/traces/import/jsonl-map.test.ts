import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { TunixError } from "../../errors.ts";
import { Trace } from "../../schemas/trace.ts";
import { importTraces } from "./import.ts";
import { JSONL_FORMAT, parseFieldMap } from "./jsonl-map.ts";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const MAP =
  "prompt=item.question,answer=final,steps=solution,id=uid,category=topic,difficulty=level,tags=labels";

function tempRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  mkdirSync(path.join(root, "traces"));
  return root;
}

describe("parseFieldMap", () => {
  it("applies pairs over the defaults; an empty path drops a field", () => {
    expect(parseFieldMap(undefined)).toEqual({ prompt: "prompt", answer: "answer", steps: "steps" });
    expect(parseFieldMap("prompt=q, answer = a.b ,steps=")).toEqual({ prompt: "q", answer: "a.b" });
  });

  it.each(["colour=red", "prompt", "prompt=,answer=a"])("rejects %j as a usage error", (spec) => {
    expect(() => parseFieldMap(spec)).toThrow(expect.objectContaining({ code: "E_USAGE" }));
  });
});

describe("jsonl format with a field mapping", () => {
  it("maps nested fields, step arrays and strings, ids, categories, difficulty and tags", async () => {
    const root = tempRepo();
    const out = "traces/quiz/basic.jsonl";
    const report = await importTraces(root, path.join(fixtures, "mapped.jsonl"), {
      format: "jsonl",
      out,
      map: MAP,
    });
    expect(report).toMatchObject({ read: 3, imported: 3, skipped: 0 });
    const traces = readFileSync(path.join(root, out), "utf8")
      .trim()
      .split("\n")
      .map((l) => Trace.parse(JSON.parse(l)));
    expect(traces[0]).toEqual({
      schemaVersion: 1,
      id: "quiz/basic:q-1",
      source: "quiz/basic",
      prompt: "What is 7 times 6?",
      steps: [{ text: "7 times 6 is 42.", kind: "calc", calc: [{ expr: "7*6", result: "42" }] }],
      answer: "42",
      category: "arithmetic/multiplication",
      difficulty: 2,
      tags: ["easy", "times-table"],
      meta: { row: 0 },
    });
    expect(traces[1]).toMatchObject({
      id: "quiz/basic:q-2",
      steps: [{ text: "Half of 90 is 90/2." }, { text: "90/2 = 45." }],
      answer: "45",
      difficulty: 3,
      tags: ["halves"],
    });
    expect(traces[1].category).toBeUndefined();
    expect(traces[2]).toMatchObject({
      id: "quiz/basic:3",
      steps: [],
      answer: "Tuesday",
      category: "calendar",
    });
  });

  it("reports each bad row's mapped field and line; lenient keeps the good row", async () => {
    const root = tempRepo();
    const out = "traces/quiz/bad.jsonl";
    const file = path.join(fixtures, "mapped-bad.jsonl");
    const err = await importTraces(root, file, { format: "jsonl", out, map: MAP, label: "bad.jsonl" }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: "E_IMPORT" });
    const problems = (err as TunixError).problems.filter((p) => p.line !== undefined);
    expect(problems.map((p) => `${p.line} ${p.field}`)).toEqual([
      "2 item.question",
      "3 final",
      "3 solution.0",
      "3 level",
      "3 labels",
      "4 undefined",
    ]);
    expect((err as TunixError).message).toContain(
      "bad.jsonl:2: item.question: expected a value for prompt, found nothing",
    );
    expect((err as TunixError).message).toContain("3 of 4 rows invalid; nothing written");
    expect(existsSync(path.join(root, out))).toBe(false);

    const report = await importTraces(root, file, { format: "jsonl", out, map: MAP, lenient: true });
    expect(report).toMatchObject({ read: 4, imported: 1, skipped: 3 });
    expect(report.problems.map((p) => p.line)).toEqual([2, 3, 3, 3, 3, 4]);
  });

  it("requires mapped steps unless the mapping drops them", () => {
    const ctx = { source: "quiz/x", row: 0, map: parseFieldMap(undefined) };
    const r = JSONL_FORMAT.convertRow({ prompt: "Q?", answer: "1" }, ctx);
    expect(r.problems?.[0]).toMatchObject({ field: "steps", found: "nothing" });
    expect(r.problems?.[0].hint).toContain("--map steps=");
    const ok = JSONL_FORMAT.convertRow(
      { prompt: "Q?", answer: "1" },
      { ...ctx, map: parseFieldMap("steps=") },
    );
    expect(ok.trace).toMatchObject({ prompt: "Q?", answer: "1", steps: [] });
  });

  it("counts a row whose trace breaks the Trace schema as invalid", async () => {
    const root = tempRepo();
    const input = path.join(root, "long-id.jsonl");
    writeFileSync(
      input,
      `${JSON.stringify({ prompt: "Q?", answer: "1", steps: [], uid: "x".repeat(250) })}\n`,
    );
    const err = await importTraces(root, input, {
      format: "jsonl",
      out: "traces/q/x.jsonl",
      map: "id=uid",
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "E_IMPORT" });
    expect((err as TunixError).problems[0]).toMatchObject({ line: 1, field: "trace.id" });
  });
});
