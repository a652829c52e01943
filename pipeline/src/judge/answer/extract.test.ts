import { describe, expect, it } from "vitest";
import { extractGold, extractPrediction, lastBox, preprocessPrediction } from "./extract.ts";

const numeric = (line: string) => /^-?\d+$/.test(line);
const extract = (text: string, goldIsText = false) =>
  extractPrediction(text, { goldIsText, parsesAsAnswer: numeric });

describe("extraction", () => {
  it.each([
    ["<answer>3</answer> <answer> 7 </answer>", "answer-tag", " 7 "],
    ["<answer>x is \\boxed{9}</answer>", "answer-tag", "9"],
    ["<answer>no close", "answer-tag", "no close"],
    ["\\boxed{1} \\fbox{2}", "boxed", "2"],
    ["\\boxed{\\{1,2\\}}", "boxed", "\\{1,2\\}"],
    ["\\boxed 7 and more", "boxed", "7"],
    ["\\boxedx{3} #### 4", "gsm8k-marker", " 4"],
    ["a\n#### 1\nb\n####2\nc", "gsm8k-marker", "2"],
    ["The answer is: 5. Yes.", "answer-phrase", " 5"],
    ["answer:7\nmore", "answer-phrase", "7"],
    ["Answer = 3.5 kg. ok", "answer-phrase", " 3.5 kg"],
    ["The answer isn't clear, 4", "last-number", "4"],
    ["12", "whole-line", "12"],
    ["a 1,234 b 5,67", "last-number", "67"],
    ["costs -5 or 3-4", "last-number", "4"],
    ["nothing", "none", null],
  ])("%j → %s %j", (text, rule, span) => {
    expect(extract(text)).toEqual({ rule, span });
  });

  it("takes a short single line as a text answer only when the gold is text", () => {
    expect(extract("Marisol", true)).toEqual({ rule: "text-line", span: "Marisol" });
    expect(extract("Marisol", false)).toEqual({ rule: "none", span: null });
    expect(extract("x".repeat(65), true)).toEqual({ rule: "none", span: null });
  });

  it("preprocesses: minus sign, </think>, annotations (only short one-line ones)", () => {
    expect(preprocessPrediction("<think>a</think>b −1")).toBe("b -1");
    expect(preprocessPrediction("<think>a</think>  ")).toBe("a  ");
    expect(preprocessPrediction("4*5=<<4*5=20>>20")).toBe("4*5=20");
    expect(preprocessPrediction("1 << 3 and\n3 >> 1")).toBe("1 << 3 and\n3 >> 1");
  });

  it("extracts the gold after ####, else from the last box, else whole", () => {
    expect(extractGold("steps\n#### 1,234")).toBe("1,234");
    expect(extractGold("so $\\boxed{\\frac12}$ and \\boxed{3}")).toBe("3");
    expect(extractGold(" Tuesday ")).toBe("Tuesday");
  });

  it("finds the last closed box in linear time whatever the nesting", () => {
    expect(lastBox("\\boxed{4")).toBeNull();
    expect(lastBox(`\\boxed{5}${"\\boxed{".repeat(20_000)}`)).toBe("5");
    const t0 = performance.now();
    lastBox("\\fbox{\\boxed{".repeat(10_000));
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
