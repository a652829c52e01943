import { describe, expect, it } from "vitest";
import { VerdictRow } from "../schemas/rows.ts";
import { formatJudge, judgeFormat } from "./format.ts";

describe("format@1", () => {
  it.each([
    ["numbered", "Reasoning:\n1. 9 * 2 = 18\n2. So 18.\nAnswer: 18", true, []],
    ["numbered", "Answer: 18", false, ["no `Reasoning:` header"]],
    ["numbered", "Reasoning:\n1. 9 * 2 = 18", false, ["no `Answer:` line"]],
    ["numbered", "Reasoning:\nAnswer: 18", false, ["reasoning is empty"]],
    ["numbered", "Reasoning:\n1. a\n3. b\nAnswer: 1", false, ["steps are not numbered 1., 2., …"]],
    ["tagged", "<reasoning>\n1. 9 * 2 = 18\n</reasoning>\n<answer>18</answer>", true, []],
    ["tagged", "<reasoning>\n1. x\n</reasoning>\n<answer></answer>", false, ["answer is empty"]],
    [
      "tagged",
      "<answer>18</answer><reasoning>1. x</reasoning>",
      false,
      ["<answer> comes before <reasoning>"],
    ],
    [
      "tagged",
      "<reasoning>1. x\n<answer>18</answer>",
      false,
      ["expected one <reasoning>…</reasoning>, found 1 opening and 0 closing tags"],
    ],
  ] as const)("%s: %j → %s", (format, text, correct, problems) => {
    const v = judgeFormat(text, { traceFormat: format });
    expect(v.correct).toBe(correct);
    expect(v.rule).toBe(format);
    expect(v.details?.problems).toEqual(problems);
  });

  it("an output cut at max tokens is incorrect with rule `truncated`, however well formed", () => {
    const v = formatJudge.judge!({
      id: "q",
      gold: "18",
      prediction: "Reasoning:\n1. 9 * 2 = 18\nAnswer: 18",
      finishReason: "length",
    });
    expect(VerdictRow.parse(v)).toEqual(v);
    expect(v).toMatchObject({ correct: false, rule: "truncated", extracted: "18", judge: "format@1" });
    expect(v.details.problems).toEqual(["output cut off at max new tokens (finishReason: length)"]);
  });

  it("defaults to the numbered format", () => {
    expect(judgeFormat("Reasoning:\n1. a\nAnswer: b", {}).rule).toBe("numbered");
  });

  it("stays fast on hostile tagged outputs", () => {
    for (const text of ["<reasoning>".repeat(9000), "<answer>".repeat(12_000), "\n".repeat(100_000)]) {
      const t0 = performance.now();
      const v = judgeFormat(text, { traceFormat: "tagged" });
      expect(v.correct).toBe(false);
      expect(performance.now() - t0).toBeLessThan(50);
    }
  });
});
