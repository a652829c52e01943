import { describe, expect, it } from "vitest";
import { evaluate, type Num, toNumber } from "./evaluate.ts";
import { parseExpression, variablesOf } from "./expression.ts";
import { ratFrom, ratToString } from "./rational.ts";

const EMPTY = new Map<string, Num>();
const value = (text: string, env: Map<string, Num> = EMPTY) => {
  const node = parseExpression(text);
  if (!node) return "no parse";
  const v = evaluate(node, env);
  return v === null ? "undefined" : typeof v === "number" ? v : ratToString(v);
};

describe("expression parser and evaluator", () => {
  it.each([
    ["1+2*3", "7"],
    ["(1+2)*3", "9"],
    ["2^9", "512"],
    ["2^10", "1024"],
    ["2^3^2", "512"],
    ["10^{-3}", "1/1000"],
    ["10^-3", "1/1000"],
    ["-2^2", "-4"],
    ["2*-3", "-6"],
    ["3*+6", "18"],
    ["\\frac{1}{2}+\\frac13", "5/6"],
    ["\\frac53", "5/3"],
    ["3\\frac{1}{2}", "7/2"],
    ["3 1/2", "7/2"],
    ["-3 1/2", "-7/2"],
    ["4.5e3", "4500"],
    ["3.2E-3", "2/625"],
    ["4.5 \\times 10^{3}", "4500"],
    ["3.2 \\cdot 10^{-3}", "2/625"],
    ["6 \\div 4", "3/2"],
    ["\\sqrt{49}", "7"],
    ["\\sqrt[3]{27}", "3"],
    ["\\sqrt{\\frac{9}{4}}", "3/2"],
    ["4^{1/2}", "2"],
    ["(-5)", "-5"],
    ["{2}(3)", "6"],
    [".5", "1/2"],
  ])("%s = %s exactly", (text, want) => {
    expect(value(text)).toBe(want);
  });

  it.each([
    ["\\sqrt{2}", Math.SQRT2],
    ["2\\sqrt5", 2 * Math.sqrt(5)],
    ["\\frac{5}{4}\\pi", (5 * Math.PI) / 4],
    ["\\pi r", "undefined"],
    ["\\infty", Number.POSITIVE_INFINITY],
  ])("%s ≈ %s", (text, want) => {
    expect(value(text)).toBe(want);
  });

  it.each(["18 or 24", "18 24", "xy", "3 4/", "", "\\foo", "(1+2", "2^", "x_", "1/2/"])(
    "%j is not an expression",
    (text) => {
      expect(parseExpression(text)).toBeNull();
    },
  );

  it("collects variables, including subscripts and Greek letters", () => {
    expect([...variablesOf(parseExpression("x_1 + 2y\\theta")!)].sort()).toEqual(["\\theta", "x_1", "y"]);
  });

  it("evaluates with variables bound, exactly when they are rational", () => {
    const env = new Map<string, Num>([["x", ratFrom(1n, 3n)]]);
    expect(value("3x+1", env)).toBe("2");
    expect(value("1/(x-\\frac13)", env)).toBe("undefined");
    expect(toNumber(ratFrom(1n, 4n))).toBe(0.25);
  });

  it("stays bounded on deep nesting and long input", () => {
    expect(parseExpression(`${"(".repeat(500)}1${")".repeat(500)}`)).toBeNull();
    expect(parseExpression("1+".repeat(600) + "1")).toBeNull();
    expect(value("9^{999999999}")).toBe("undefined");
    expect(value("\\infty^2")).toBe(Number.POSITIVE_INFINITY);
  });
});
