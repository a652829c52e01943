import { describe, expect, it } from "vitest";
import {
  addR,
  cmpR,
  divR,
  formatDecimal,
  fromNumber,
  modR,
  mulR,
  parseRational,
  rational,
  subR,
} from "./rational.ts";

const r = (s: string) => parseRational(s)!;

describe("rational", () => {
  it("parses decimals exactly and normalises", () => {
    expect(r("2.50")).toEqual({ n: 5n, d: 2n });
    expect(r("-0.125")).toEqual({ n: -1n, d: 8n });
    expect(r(".5")).toEqual({ n: 1n, d: 2n });
    expect(rational(6, -4)).toEqual({ n: -3n, d: 2n });
    expect(rational(0, 5)).toEqual({ n: 0n, d: 1n });
    for (const bad of ["", "-", "1.", "1,5", "abc", "1e3", "."]) expect(parseRational(bad)).toBeNull();
  });

  it.each([
    ["0.1", "+", "0.2", "0.3"],
    ["7.5", "-", "2.25", "5.25"],
    ["3", "*", "2.15", "6.45"],
    ["6.45", "/", "3", "2.15"],
    ["1", "/", "8", "0.125"],
    ["123456789012345678", "*", "10", "1234567890123456780"],
  ])("%s %s %s = %s exactly", (a, op, b, c) => {
    const f = { "+": addR, "-": subR, "*": mulR, "/": divR }[op]!;
    expect(formatDecimal(f(r(a), r(b)))).toBe(c);
  });

  it("formats with the fewest digits and refuses non-terminating values", () => {
    expect(formatDecimal(rational(15, 2))).toBe("7.5");
    expect(formatDecimal(rational(-3, 40))).toBe("-0.075");
    expect(formatDecimal(rational(12))).toBe("12");
    expect(formatDecimal(rational(1, 3))).toBeNull();
    expect(fromNumber(3.75)).toEqual({ n: 15n, d: 4n });
  });

  it("mod is the floor remainder and only for integers", () => {
    expect(modR(r("17"), r("7"))).toEqual(rational(3));
    expect(modR(r("-3"), r("7"))).toEqual(rational(4));
    expect(() => modR(r("1.5"), r("7"))).toThrow();
    expect(cmpR(r("0.3"), r("0.25"))).toBe(1);
    expect(() => divR(r("1"), r("0"))).toThrow();
  });
});
