import { describe, expect, it } from "vitest";
import { TRACE_FORMATS } from "../formats.ts";
import { parseCompletion } from "./completion.ts";

describe("parseCompletion", () => {
  it.each([
    ["numbered", TRACE_FORMATS.numbered.render(["2 cats", "2*4 = 8"], "8"), ["2 cats", "2*4 = 8"], "8"],
    ["tagged", TRACE_FORMATS.tagged.render(["10 / 4 = 2.5"], "2.5"), ["10 / 4 = 2.5"], "2.5"],
    ["#### with commas", "Two boxes hold 2000.\n\n#### 2,000", ["Two boxes hold 2000."], "2000"],
    [
      "boxed answer-only line",
      "Halve both.\nThe final answer is $\\boxed{\\frac{1}{2}}$.",
      ["Halve both."],
      "\\frac{1}{2}",
    ],
    ["boxed inside a step", "So x = \\boxed{5} because 2x = 10", ["So x = 5 because 2x = 10"], "5"],
    ["bare boxed", "a\n\\boxed{12}", ["a"], "12"],
    ["Answer: line", "Add them.\nAnswer: 7", ["Add them."], "7"],
    ["bold Answer:", "Add them.\n**Answer:** 7.", ["Add them."], "7"],
    ["the answer is", "Three plus four is seven.\nSo the answer is 7.", ["Three plus four is seven."], "7"],
    [
      "inline answer is",
      "Adding gives seven, so the answer is 7",
      ["Adding gives seven, so the answer is 7"],
      "7",
    ],
    ["answer only", "Answer: Tuesday", [], "Tuesday"],
  ])("reads %s", (_name, text, steps, answer) => {
    expect(parseCompletion(text)).toEqual({ steps, answer });
  });

  it.each([
    ["no answer", "Seven, I think.", "a trace in the numbered or tagged format"],
    [
      "answer not on the last line",
      "Answer: 7\nbecause 3 + 4 = 7",
      "a trace in the numbered or tagged format",
    ],
    ["'answers' is not an answer", "Answers vary by region", "a trace in the numbered or tagged format"],
    ["malformed numbered", "Reasoning:\nfirst\nAnswer: 3", "a well-formed numbered trace"],
    ["malformed tagged", "<reasoning>\n1. a\n</reasoning>", "a well-formed tagged trace"],
    ["two ####", "#### 1\n#### 2", "exactly one final line"],
    ["empty Answer:", "Work.\nAnswer: .", "a non-empty answer"],
  ])("rejects %s", (_name, text, expected) => {
    const r = parseCompletion(text);
    expect(r.problem?.expected).toContain(expected);
  });

  it("names the format's own problems for a malformed trace", () => {
    const r = parseCompletion("Reasoning:\nfirst\nAnswer: 3");
    expect(r.problem?.found).toContain("steps are not numbered");
  });
});
