import { describe, expect, it } from "vitest";
import { makeTraceId, normaliseAnswer, splitHashAnswer, stepsFromLines, stepsFromText } from "./steps.ts";

describe("stepsFromText", () => {
  it("extracts calculator annotations and drops blank lines", () => {
    expect(stepsFromText("  a <<1+2=3>>3 and <<3*2=6>>6\n\n plain \n", "f")).toEqual({
      steps: [
        {
          text: "a 3 and 6",
          kind: "calc",
          calc: [
            { expr: "1+2", result: "3" },
            { expr: "3*2", result: "6" },
          ],
        },
        { text: "plain" },
      ],
    });
  });

  it("leaves malformed annotations as text unless strict", () => {
    expect(stepsFromText("x <<oops>> y", "f")).toEqual({ steps: [{ text: "x <<oops>> y" }] });
    expect(stepsFromText("x <<oops>> y", "f", { strictCalc: true }).problem?.found).toBe('"<<oops>>"');
  });

  it("strips numbering and bullets when asked", () => {
    const r = stepsFromLines(["1. one", "2) two", "Step 3: three", "- four", "5 apples"], "f", {
      stripNumbering: true,
    });
    expect(r.steps?.map((s) => s.text)).toEqual(["one", "two", "three", "four", "5 apples"]);
  });
});

describe("answers and ids", () => {
  it.each([
    [" 1,080 ", "1080"],
    ["-1,450,000", "-1450000"],
    ["$1,000.", "$1000"],
    ["**42**", "42"],
    ["$x+1$", "x+1"],
    ["1,2", "1,2"],
    ["Tuesday.", "Tuesday"],
  ])("normalises %j to %j", (raw, want) => {
    expect(normaliseAnswer(raw)).toBe(want);
  });

  it("splits at the one #### marker", () => {
    expect(splitHashAnswer("a\nb\n#### 1,080", "f")).toEqual({ body: "a\nb\n", answer: "1080" });
    expect(splitHashAnswer("a", "f").problem?.found).toBe("no `####`");
  });

  it("makes ids safe for the id alphabet", () => {
    expect(makeTraceId("gsm8k/train", 12)).toBe("gsm8k/train:12");
    expect(makeTraceId("s", "a b#c")).toBe("s:a-b-c");
  });
});
