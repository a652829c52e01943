import { describe, expect, it } from "vitest";
import {
  MAX_BITS,
  parseDecimal,
  ratAdd,
  ratDiv,
  ratEquals,
  ratFrom,
  ratMul,
  ratPow,
  ratRoot,
  ratSub,
  ratToNumber,
  ratToString,
} from "./rational.ts";

const r = (n: number, d = 1) => ratFrom(BigInt(n), BigInt(d));

describe("rational", () => {
  it("reduces and keeps the sign on the numerator", () => {
    expect(ratFrom(6n, -4n)).toEqual({ num: -3n, den: 2n });
    expect(ratFrom(0n, 5n)).toEqual({ num: 0n, den: 1n });
    expect(() => ratFrom(1n, 0n)).toThrow(RangeError);
  });
  it("adds, subtracts, multiplies and divides exactly", () => {
    expect(ratAdd(parseDecimal("0.1")!, parseDecimal("0.2")!)).toEqual(parseDecimal("0.3"));
    expect(ratSub(r(1, 2), r(1, 3))).toEqual(r(1, 6));
    expect(ratMul(r(2, 3), r(3, 4))).toEqual(r(1, 2));
    expect(ratDiv(r(1), r(3))).toEqual(r(1, 3));
    expect(ratDiv(r(1), r(0))).toBeNull();
  });
  it.each([
    ["12", "12"],
    ["-0.125", "-1/8"],
    [".5", "1/2"],
    ["3.", "3"],
    ["2.50", "5/2"],
  ])("parses decimal %s as %s", (text, want) => {
    expect(ratToString(parseDecimal(text)!)).toBe(want);
  });
  it.each(["", ".", "1e3", "1.2.3", "abc", "--1"])("rejects %j as a decimal", (text) => {
    expect(parseDecimal(text)).toBeNull();
  });
  it("raises to integer powers and refuses results beyond MAX_BITS", () => {
    expect(ratPow(r(2), 9n)).toEqual(r(512));
    expect(ratPow(r(2, 3), -2n)).toEqual(r(9, 4));
    expect(ratPow(r(-1), 10n ** 12n)).toEqual(r(1));
    expect(ratPow(r(0), -1n)).toBeNull();
    expect(ratPow(r(3), BigInt(MAX_BITS))).toBeNull();
  });
  it("takes exact roots of perfect powers only", () => {
    expect(ratRoot(r(49, 4), 2n)).toEqual(r(7, 2));
    expect(ratRoot(r(-8), 3n)).toEqual(r(-2));
    expect(ratRoot(r(20), 2n)).toBeNull();
    expect(ratRoot(r(-4), 2n)).toBeNull();
  });
  it("converts to doubles, even for parts far beyond 2^1024", () => {
    expect(ratToNumber(r(1, 3))).toBeCloseTo(1 / 3, 15);
    const huge = ratFrom(10n ** 400n + 1n, 3n * 10n ** 399n);
    expect(ratToNumber(huge)).toBeCloseTo(10 / 3, 12);
    expect(ratEquals(r(2, 4), r(1, 2))).toBe(true);
  });
});
