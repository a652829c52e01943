import { describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { VerdictRow } from "../schemas/rows.ts";
import { getJudge, JUDGES, judgeAll, judgeAllAsync } from "./registry.ts";

const ITEMS = [
  { id: "b", prediction: "Reasoning:\n1. 9 * 2 = 18\nAnswer: 18", gold: "#### 18" },
  { id: "a", prediction: "Reasoning:\n1. 9 * 2 = 19\nAnswer: 19", gold: "#### 18" },
];

describe("judge registry", () => {
  it("is one frozen table keyed by name@version", () => {
    expect(Object.isFrozen(JUDGES)).toBe(true);
    expect(Object.keys(JUDGES).sort()).toEqual([
      "answer-correctness@1",
      "exact-match@1",
      "format@1",
      "llm-rubric@1",
      "step-arithmetic@1",
      "step-arithmetic@2",
    ]);
    for (const [key, j] of Object.entries(JUDGES)) {
      expect(key).toBe(`${j.name}@${j.version}`);
      expect(j.description.length).toBeGreaterThan(10);
      expect(Boolean(j.judge) || Boolean(j.judgeAsync)).toBe(true);
    }
  });

  it("judges items in order, then judges by name, with schema-valid rows", () => {
    const rows = judgeAll(ITEMS, ["step-arithmetic@1", "answer-correctness@1", "format@1"]);
    expect(rows.map((r) => `${r.id} ${r.judge} ${r.correct}`)).toEqual([
      "b answer-correctness@1 true",
      "b format@1 true",
      "b step-arithmetic@1 true",
      "a answer-correctness@1 false",
      "a format@1 true",
      "a step-arithmetic@1 false",
    ]);
    for (const r of rows) expect(VerdictRow.parse(r)).toEqual(r);
  });

  it("refuses unknown judges and async judges in the sync path", async () => {
    expect(() => getJudge("answer-correctness@9")).toThrow(TunixError);
    expect(() => judgeAll(ITEMS, ["llm-rubric@1"])).toThrow(/judgeAllAsync/);
    const rows = await judgeAllAsync(ITEMS, ["format@1"], {});
    expect(rows).toEqual(judgeAll(ITEMS, ["format@1"]));
  });
});
