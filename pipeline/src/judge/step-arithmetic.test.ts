import { describe, expect, it } from "vitest";
import { VerdictRow } from "../schemas/rows.ts";
import {
  checkTextArithmetic,
  checkTraceArithmetic,
  stepArithmeticJudge,
  takeAnnotations,
} from "./step-arithmetic.ts";

describe("step-arithmetic@1", () => {
  it("checks step texts and structured calc annotations of a trace", () => {
    const check = checkTraceArithmetic({
      steps: [
        { text: "She has 16 - 3 = 13 eggs.", calc: [{ expr: "16-3", result: "13" }] },
        { text: "She earns 13 * 2 = $27.", calc: [{ expr: "13*2", result: "27" }] },
        { text: "No numbers here." },
      ],
    });
    expect(check.checked).toBe(4);
    expect(check.wrong).toEqual([
      { step: 1, claim: "13*2=27", expected: "26", found: "27", from: "calc" },
      { step: 1, claim: "13 * 2 = $27", expected: "26", found: "$27", from: "text" },
    ]);
  });

  it("reads annotations out of raw lines", () => {
    expect(takeAnnotations("4*5=<<4*5=20>>20 apples")).toEqual({
      text: "4*5=20 apples",
      annotations: [{ expr: "4*5", result: "20" }],
    });
    expect(checkTextArithmetic("a 4*5=<<4*5=21>>21\nb 2+2=4")).toEqual({
      checked: 3,
      wrong: [
        { step: 0, claim: "4*5=21", expected: "20", found: "21", from: "calc" },
        { step: 0, claim: "4*5=21", expected: "20", found: "21", from: "text" },
      ],
    });
  });

  it("judges a prediction: correct when no claim is wrong, recording how many were checked", () => {
    const item = { id: "q", gold: "18" };
    const good = stepArithmeticJudge.judge!({ ...item, prediction: "Reasoning:\n1. 9 * 2 = 18\nAnswer: 18" });
    const none = stepArithmeticJudge.judge!({ ...item, prediction: "Answer: 18" });
    const bad = stepArithmeticJudge.judge!({ ...item, prediction: "Reasoning:\n1. 9 * 2 = 19\nAnswer: 19" });
    for (const v of [good, none, bad]) expect(VerdictRow.parse(v)).toEqual(v);
    expect(good).toMatchObject({ correct: true, rule: "claims", details: { checked: 1, wrongCount: 0 } });
    expect(none).toMatchObject({ correct: true, rule: "no-claims", details: { checked: 0 } });
    expect(bad).toMatchObject({ correct: false, details: { checked: 1, wrongCount: 1 } });
  });
});
