import { describe, expect, it } from "vitest";
import { bootstrapInterval, mcnemarExact, wilsonInterval } from "./stats.ts";

describe("wilsonInterval", () => {
  it("matches the closed form for 8/10 (reference values computed by hand from the formula)", () => {
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
  });
  it("stays inside [0,1] at the extremes and is empty for n=0", () => {
    expect(wilsonInterval(0, 5)[0]).toBe(0);
    expect(wilsonInterval(5, 5)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 0]);
  });
});

describe("bootstrapInterval", () => {
  const outcomes = Array.from({ length: 200 }, (_, i) => i % 4 !== 0); // 75%
  it("is deterministic for a seed and brackets the mean", () => {
    const a = bootstrapInterval(outcomes, 1000, 7);
    expect(bootstrapInterval(outcomes, 1000, 7)).toEqual(a);
    expect(a[0]).toBeLessThan(0.75);
    expect(a[1]).toBeGreaterThan(0.75);
    expect(a[1] - a[0]).toBeGreaterThan(0.05);
    expect(a[1] - a[0]).toBeLessThan(0.25);
  });
});

describe("mcnemarExact", () => {
  it("gives p = 1 with no discordant pairs and symmetric counts", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(3, 3)).toBe(1);
  });
  it("matches binomial tails computed by hand", () => {
    // b=0, c=5: 2 * (1/2)^5 = 0.0625
    expect(mcnemarExact(0, 5)).toBeCloseTo(0.0625, 6);
    // b=1, c=9: 2 * (1 + 10) / 1024 = 0.021484375
    expect(mcnemarExact(1, 9)).toBeCloseTo(0.021484, 5);
  });
});
