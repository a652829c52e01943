import { describe, expect, it } from "vitest";
import { parseNumberWords } from "./number-words.ts";

describe("number words", () => {
  it.each([
    ["zero", 0],
    ["twelve", 12],
    ["Twenty-five", 25],
    ["one hundred", 100],
    ["one hundred and five", null],
    ["one hundred five", 105],
    ["nineteen hundred", 1900],
    ["two thousand three hundred forty-five", 2345],
    ["three million two thousand", 3_002_000],
    ["negative seven", -7],
    ["MINUS twenty", -20],
    ["two three", null],
    ["twenty twelve", null],
    ["thousand", null],
    ["a dozen", null],
    ["", null],
    ["negative", null],
    ["12", null],
  ])("%j → %s", (text, want) => {
    expect(parseNumberWords(text)).toBe(want);
  });
});
