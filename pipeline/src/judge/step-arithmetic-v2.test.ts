// step-arithmetic@2 against @1 on the cases that made @1 misleading: an output with no calculation
// (empty included) is not applicable instead of correct, and `1 / 0 = 0` is a wrong claim instead
// of being skipped; everything else is judged as @1 judges it.
import { describe, expect, it } from "vitest";
import { VerdictRow } from "../schemas/rows.ts";
import { JUDGES } from "./registry.ts";
import { STEP_ARITHMETIC } from "./step-arithmetic.ts";
import { STEP_ARITHMETIC_2 } from "./step-arithmetic-v2.ts";

const judge = (name: string, prediction: string) => JUDGES[name].judge!({ id: "q", prediction, gold: "18" });

describe("step-arithmetic@2", () => {
  it.each([
    ["empty output", ""],
    ["an answer line only", "Answer: 18"],
    ["prose without a calculation", "Reasoning:\n1. Nine pairs of socks.\nAnswer: 18"],
  ])("%s: not applicable (correct false, rule no-claims), where @1 said correct", (_, prediction) => {
    const v2 = judge(STEP_ARITHMETIC_2, prediction);
    expect(VerdictRow.parse(v2)).toEqual(v2);
    expect(v2).toMatchObject({
      correct: false,
      applicable: false,
      rule: "no-claims",
      details: { checked: 0 },
    });
    expect(judge(STEP_ARITHMETIC, prediction)).toMatchObject({ correct: true, rule: "no-claims" });
    expect(judge(STEP_ARITHMETIC, prediction).applicable).toBeUndefined();
  });

  it("counts a division by zero as a wrong claim with expected `undefined` (@1 skipped it)", () => {
    for (const prediction of ["1. 1 / 0 = 0\nAnswer: 0", "1. 6 ÷ (3 - 3) = 2\nAnswer: 2", "a <<1/0=0>>0"]) {
      const v2 = judge(STEP_ARITHMETIC_2, prediction);
      expect(v2.correct, prediction).toBe(false);
      expect(v2.applicable).toBeUndefined();
      expect((v2.details.wrong as { expected: string }[])[0].expected).toBe("undefined");
    }
    expect(judge(STEP_ARITHMETIC, "1. 1 / 0 = 0\nAnswer: 0")).toMatchObject({
      correct: true,
      rule: "no-claims",
    });
    // A division by zero beside a right calculation still makes the item wrong.
    expect(judge(STEP_ARITHMETIC_2, "1. 9 * 2 = 18\n2. 18 / 0 = 0\nAnswer: 18")).toMatchObject({
      correct: false,
      details: { checked: 2, wrongCount: 1 },
    });
  });

  it("judges applicable items as @1 does: right claims correct, a wrong one not", () => {
    for (const prediction of [
      "Reasoning:\n1. 9 * 2 = 18\nAnswer: 18",
      "Reasoning:\n1. 9 * 2 = 19\nAnswer: 19",
    ]) {
      const v1 = judge(STEP_ARITHMETIC, prediction);
      const v2 = judge(STEP_ARITHMETIC_2, prediction);
      expect(v2).toMatchObject({ correct: v1.correct, rule: "claims", details: v1.details });
      expect(v2.applicable).toBeUndefined();
    }
  });

  it("keeps @1 in the registry (old verdicts stay reproducible) and marks @2 as reporting coverage", () => {
    expect(JUDGES[STEP_ARITHMETIC].reportsCoverage).toBeUndefined();
    expect(JUDGES[STEP_ARITHMETIC_2].reportsCoverage).toBe(true);
  });
});
