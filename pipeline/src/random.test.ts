// The seeded generators of random.ts against values computed independently (Python transcriptions
// of the algorithms), plus their contracts. The pinned numbers are committed data: changing them
// changes traces/synthetic/, dataset splits and reported intervals. (hash32 is pinned in
// dataset/split.test.ts.)
import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, mulberry32 } from "./random.ts";

describe("mulberry32", () => {
  it("matches outputs computed independently (a Python transcription of the algorithm)", () => {
    const seven = mulberry32(7);
    expect([seven(), seven(), seven()]).toEqual([
      0.011704753153026104, 0.06195825757458806, 0.97690763277933,
    ]);
    const zero = mulberry32(0);
    expect([zero(), zero()]).toEqual([0.26642920868471265, 0.0003297457005828619]);
  });
});

describe("createRng", () => {
  it("matches outputs computed independently (a Python transcription of the algorithm)", () => {
    const rng = createRng(1);
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([1348811757, 3428229867, 2634278455]);
    expect(deriveSeed(42, "totals", 0)).toBe(3274554355);
  });

  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 20 }, () => r.int(0, 1000));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it("keeps int() inside its bounds and reaches both ends", () => {
    const r = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.int(-2, 3);
      expect(x >= -2 && x <= 3 && Number.isInteger(x)).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(() => r.int(3, 2)).toThrow();
  });

  it("is roughly uniform (chi-square over 10 buckets)", () => {
    const r = createRng(11);
    const buckets = new Array(10).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) buckets[Math.floor(r.float() * 10)]++;
    const chi2 = buckets.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9); // p = 0.001 at 9 degrees of freedom
  });

  it("shuffles into a permutation and leaves the input alone", () => {
    const r = createRng(5);
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = r.shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort((a, b) => a - b)).toEqual(input);
    expect(out).not.toEqual(input);
    expect(() => r.pick([])).toThrow(/empty/);
  });

  it("derives different seeds for different labels", () => {
    expect(deriveSeed(1, "a")).not.toBe(deriveSeed(1, "b"));
    expect(deriveSeed(1, "a", 0)).not.toBe(deriveSeed(1, "a", 1));
    expect(deriveSeed(1, "a")).toBe(deriveSeed(1, "a"));
  });
});
