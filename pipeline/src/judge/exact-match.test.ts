import { describe, expect, it } from "vitest";
import { exactMatchJudge, judgeExactMatch } from "./exact-match.ts";

describe("exact-match@1", () => {
  it.each([
    ["72", "72", true],
    ["  72\n", "#### 72", true],
    ["Tuesday", "tuesday", true],
    ["72.0", "72", false],
    ["The answer is 72", "72", false],
    ["1/2", "\\boxed{1/2}", true],
  ])("%j vs %j → %s", (prediction, gold, correct) => {
    expect(judgeExactMatch(prediction, gold).correct).toBe(correct);
  });
  it("records the whole trimmed output and the extracted gold", () => {
    expect(exactMatchJudge.judge!({ id: "a", prediction: " 7 ", gold: "x\n#### 7" })).toMatchObject({
      judge: "exact-match@1",
      extracted: "7",
      gold: "7",
      rule: "whole-output",
      comparison: "exact",
      correct: true,
    });
  });
});
