import { describe, expect, it } from "vitest";
import { describeJsonError } from "./check-file.ts";
import { createProblemSink, escapeData, escapeProperty, formatGithubAnnotation } from "./problems.ts";

describe("GitHub annotations", () => {
  it("escape % CR LF in data, and also : and , in properties", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("traces/a:b,c%.jsonl")).toBe("traces/a%3Ab%2Cc%25.jsonl");
  });

  it("carry file, line and title; the message holds field, expected, found and hint", () => {
    const p = {
      check: "schema" as const,
      file: "traces/x,y.jsonl",
      line: 7,
      field: "steps.0.text",
      expected: "string",
      found: '"a\nb"',
      hint: "fix it: now",
    };
    expect(formatGithubAnnotation(p)).toMatchInlineSnapshot(
      `"::error file=traces/x%2Cy.jsonl,line=7,title=Schema error::steps.0.text: expected string, found "a%0Ab" (fix it: now)"`,
    );
    expect(formatGithubAnnotation({ check: "lock", message: "no file" })).toBe(
      "::error title=Dataset lock::no file",
    );
  });
});

it("a problem sink keeps the first N and counts all (0 keeps all)", () => {
  const sink = createProblemSink(2);
  for (let i = 1; i <= 5; i++) sink.add("json", { line: i });
  expect([sink.count, sink.shown.map((p) => p.line)]).toEqual([5, [1, 2]]);
  const all = createProblemSink(0);
  for (let i = 1; i <= 5; i++) all.add("json", { line: i });
  expect(all.shown).toHaveLength(5);
});

describe("describeJsonError", () => {
  const cases = (text: string) => {
    try {
      JSON.parse(text);
    } catch (e) {
      return describeJsonError((e as Error).message, text);
    }
    throw new Error("parsed");
  };

  it.each([
    ['{\n  "a": 1,\n  "b": x\n}', 3],
    ['{\n  "a": 1\n  "b": 2\n}', 3],
    [`{\n${'  "k": "v",\n'.repeat(50)}<<<<<<< HEAD\n  "z": 1\n}`, 52],
    ["", 1],
    ['{"a": tru}', 1],
  ])("finds the line of %j", (text, line) => {
    const got = cases(text);
    expect(got.line).toBe(line);
    expect(got.message).not.toContain("\n");
  });
});
