import { describe, expect, it } from "vitest";
import { checkClaims, evaluate } from "./claims.ts";
import { formatDecimal } from "./rational.ts";
import { createWork } from "./work.ts";

describe("checkClaims", () => {
  it.each([
    ["Cost of apples: 3 * 12 = 36", true],
    ["Cost of apples: 3 * 12 = 35", false],
    ["Discount: 150 * 20 / 100 = 30", true],
    ["Tens: 4 * 6 + 4 = 28, write 8, carry 2", true],
    ["Tens: 4 + 6 * 4 = 40", false], // precedence: 4 + 24 = 28
    ["Extra days: 17 mod 7 = 3", true],
    ["Total: 2.50 * 3 = 7.5", true],
    ["Total: 0.1 + 0.2 = 0.3", true],
    ["Share: 10 / 4 = 2.5", true],
    ["Share: 10 / 3 = 3.33", false],
    ["(3 + 4) * 2 = 14", true],
    ["Minutes over 60: 95 - 60 = 35", true],
  ])("%s → %s", (text, ok) => {
    const claims = checkClaims(text);
    expect(claims).toHaveLength(1);
    expect(claims[0].ok).toBe(ok);
  });

  it("finds every claim of a step and skips what is not arithmetic", () => {
    expect(checkClaims("Hour: 9 + 1 = 10, minutes: 95 - 60 = 35").map((c) => c.ok)).toEqual([true, true]);
    expect(checkClaims("Monday + 3 days = Thursday")).toEqual([]);
    expect(checkClaims("Tallest to shortest: Ana, Ben")).toEqual([]);
    expect(checkClaims("x = 5")).toEqual([]);
  });

  it("reports a left side that does not start cleanly or does not parse", () => {
    expect(checkClaims("Weeks 2 * 7 = 14")[0]).toMatchObject({
      ok: false,
      error: expect.stringContaining("start cleanly"),
    });
    expect(checkClaims("Bad: 3 + * 4 = 7")[0]).toMatchObject({
      ok: false,
      error: expect.stringContaining("expected a number"),
    });
    expect(checkClaims("Zero: 4 / 0 = 0")[0]).toMatchObject({ ok: false, error: "division by zero" });
  });

  it("evaluates with the usual precedence", () => {
    expect(formatDecimal(evaluate("2 + 3 * 4"))).toBe("14");
    expect(formatDecimal(evaluate("20 - 4 - 3"))).toBe("13");
    expect(formatDecimal(evaluate("-3 + 5"))).toBe("2");
    expect(formatDecimal(evaluate("7 × 6 ÷ 3"))).toBe("14");
    expect(() => evaluate("(1 + 2")).toThrow(/missing/);
  });
});

describe("createWork", () => {
  it("writes steps whose claims hold and returns the results", () => {
    const w = createWork();
    expect(w.calc("Cost", 3, "*", 12)).toBe(36);
    expect(w.calc2("Tens", 4, "*", 6, "+", 4, ", write 8")).toBe(28);
    expect(w.calc("Extra days", 17, "mod", 7)).toBe(3);
    expect(w.steps).toEqual([
      "Cost: 3 * 12 = 36",
      "Tens: 4 * 6 + 4 = 28, write 8",
      "Extra days: 17 mod 7 = 3",
    ]);
    for (const s of w.steps) expect(checkClaims(s).every((c) => c.ok)).toBe(true);
  });

  it("writes money with two decimals and keeps cents exact", () => {
    const w = createWork({ money: true });
    expect(w.calc("Cups", 3, "*", 2.15)).toBe(6.45);
    expect(w.calc("Total", 6.45, "+", 1.05)).toBe(7.5);
    expect(w.steps).toEqual(["Cups: 3 * 2.15 = 6.45", "Total: 6.45 + 1.05 = 7.50"]);
  });

  it("refuses results that are not whole (or not cents), negative, or read wrongly", () => {
    expect(() => createWork().calc("x", 7, "/", 2)).toThrow(/whole number/);
    expect(() => createWork({ money: true }).calc("x", 1, "/", 3)).toThrow(/money/);
    expect(() => createWork().calc("x", 2, "-", 3)).toThrow(/>= 0/);
    expect(() => createWork().calc2("x", 2, "+", 3, "*", 4)).toThrow(/left to right/);
  });
});
