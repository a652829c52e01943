import { describe, expect, it } from "vitest";
import { checkClaim, findClaims } from "./arithmetic.ts";

const summary = (text: string) =>
  findClaims(text).map((c) => `${c.claim} ${c.ok ? "ok" : `wrong (${c.expected})`}`);

describe("arithmetic claims in prose", () => {
  it.each([
    ["Janet sells 16 - 3 - 4 = 9 duck eggs a day.", ["16 - 3 - 4 = 9 ok"]],
    ["She makes 9 * 2 = $18 every day.", ["9 * 2 = $18 ok"]],
    ["She makes 9 * 2 = $19 every day.", ["9 * 2 = $19 wrong (18)"]],
    ["Total 3 x 4 = 12 and 3x4=13.", ["3 x 4 = 12 ok", "3x4=13 wrong (12)"]],
    ["2 × $1,200 = $2,400", ["2 × $1,200 = $2,400 ok"]],
    ["20% of 50 = 10", ["20% of 50 = 10 ok"]],
    ["168/20% = 840 students", ["168/20% = 840 ok"]],
    ["100% - 20% = 80%", ["100% - 20% = 80% ok"]],
    ["100 - 20 = 80%", ["100 - 20 = 80% ok"]],
    ["5^2 = 25 and 2 ÷ 4 = 0.5", ["5^2 = 25 ok", "2 ÷ 4 = 0.5 ok"]],
    ["a + b + c: 1 + 2 + 3 = 6 = 6", ["1 + 2 + 3 = 6 ok", "6 = 6 ok"]],
    ["so 1 + 2 + 3 = 6 = 7", ["1 + 2 + 3 = 6 ok", "6 = 7 wrong (6)"]],
    ["running: 5 + 3 = 8 + 2 = 10", ["5 + 3 = 8 + 2 ok", "8 + 2 = 10 ok"]],
    ["running: 5 + 3 = 9 + 2 = 11", ["5 + 3 = 9 + 2 wrong (8)", "9 + 2 = 11 ok"]],
    ["10/3 = 3.33 each", ["10/3 = 3.33 ok"]],
    ["10/3 = 3.4 each", ["10/3 = 3.4 wrong (10/3)"]],
    ["-5 + 3 = -2", ["-5 + 3 = -2 ok"]],
    ["(3 + 4) * 2 = 14", ["(3 + 4) * 2 = 14 ok"]],
    ["half: 1/2 of 10 = 5", ["1/2 of 10 = 5 ok"]],
    ["25 / 1/3 = 75 decorations", ["25 / 1/3 = 75 ok"]],
    ["8 x 1 1/2 = 12 rolls", ["8 x 1 1/2 = 12 ok"]],
    ["$1 / 2 = 50 cents", ["$1 / 2 = 50 ok"]],
    ["$80 000 x 5/100 = $4 000.", ["$80 000 x 5/100 = $4 000 ok"]],
    ["$2,430 – $2,100 = $330", ["$2,430 – $2,100 = $330 ok"]],
  ])("%j", (text, want) => {
    expect(summary(text)).toEqual(want);
  });

  it.each([
    ["S + 143 = 200 - 16 = 184", ["200 - 16 = 184 ok"]],
    ["100/5 = 5A/5 so A = 20", []],
    ["4 / 3 = 1 and 1/3 hours", []],
    ["2 pounds * 1/3 = 2/3 pounds", []],
    ["16 eggs - 3 eggs = 13 eggs", []],
    ["x = 5 and y = 7", []],
    ["3 = 3", []],
    ["at 0900-0130 = 0730 hours", []],
    ["3/3 - 2/3 = 1/3 of $150 left", ["3/3 - 2/3 = 1/3 ok"]],
    ["2x = 10, so x = 5", []],
  ])("no false alarm: %j", (text, want) => {
    expect(summary(text)).toEqual(want);
  });

  it("checks calculator annotations exactly, left to right", () => {
    expect(checkClaim("48/2", "24")?.ok).toBe(true);
    expect(checkClaim("500/1/10", "50")?.ok).toBe(true);
    expect(checkClaim("80000*1.5", "120000")?.ok).toBe(true);
    expect(checkClaim("20*.5", "10.00")?.ok).toBe(true);
    expect(checkClaim("6*3", "17")).toMatchObject({ ok: false, expected: "18", found: "17" });
    expect(checkClaim("x", "5")).toBeNull();
    expect(checkClaim("560//10", "56")).toBeNull();
  });

  it("is bounded on hostile text", () => {
    const t0 = performance.now();
    expect(findClaims("1+1=".repeat(25_000)).length).toBeLessThanOrEqual(500);
    findClaims("(".repeat(100_000));
    findClaims("=".repeat(100_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
