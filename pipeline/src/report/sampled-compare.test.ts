// The paired bootstrap of sampled scores: identical runs differ by 0 with p = 1; a run that is better
// on most items has a positive Δ (the mean of per-item differences, checked by hand) whose interval
// excludes 0; only the items sampled in both runs count; k is the smaller sample count.
import { describe, expect, it } from "vitest";
import { compareSampled, pairedDelta, type SampledItem } from "./sampled-compare.ts";

const item = (id: string, pattern: string): SampledItem => ({
  id,
  samples: [...pattern].map((ch, i) => ({ correct: ch === "1", extracted: ch === "1" ? "8" : String(i) })),
});

describe("compareSampled", () => {
  it("finds no difference between a run and itself", () => {
    const a = [item("a", "1100"), item("b", "0000"), item("c", "1111")];
    const c = compareSampled(a, a)!;
    expect(c.common).toBe(3);
    expect(c.k).toBe(4);
    for (const d of [c.passAt1, c.passAtK, c.majAtK])
      expect(d).toMatchObject({ delta: 0, ci95: [0, 0], p: 1 });
  });

  it("gives a positive Δ with an interval above 0 when B is better on most items", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `q${i}`);
    const a = ids.map((id, i) => item(id, i % 5 === 0 ? "1000" : "0000"));
    const b = ids.map((id, i) => item(id, i % 5 === 4 ? "0000" : "1100"));
    const c = compareSampled(a, b)!;
    // pass@1 per item: A 0.25 on 8 items, else 0; B 0.5 on 32 items, else 0 → Δ = (16 − 2) / 40.
    expect(c.passAt1.delta).toBeCloseTo(14 / 40, 6);
    expect(c.passAt1.a).toBeCloseTo(2 / 40, 6);
    // pass@4 = any correct: A 8/40, B 32/40.
    expect(c.passAtK.delta).toBeCloseTo(24 / 40, 6);
    expect(c.passAtK.ci95[0]).toBeGreaterThan(0);
    expect(c.passAtK.p).toBeLessThan(0.01);
    // maj@4: A's 1000 votes for 4 distinct answers → tie → the first ("8") wins: correct on 8 items;
    // B's 1100 → "8" twice: correct on 32.
    expect(c.majAtK.delta).toBeCloseTo(24 / 40, 6);
  });

  it("pairs only the common sampled items and scores both at the smaller k", () => {
    const a = [item("a", "10"), item("b", "11"), item("only-a", "11")];
    const b = [item("a", "0001"), item("b", "1111"), item("only-b", "1111"), { id: "c", samples: [] }];
    const c = compareSampled(a, b)!;
    expect(c.common).toBe(2);
    expect(c.k).toBe(2);
    expect(compareSampled([item("x", "1")], [item("x", "1")])).toBeNull();
    expect(compareSampled(a, [item("z", "11")])).toBeNull();
  });
});

describe("pairedDelta", () => {
  it("is seeded: the same interval every time, another seed may differ", () => {
    const xs = [0, 0.5, 1, 0, 0.25, 0.75];
    const ys = [1, 0.5, 1, 0.5, 0, 1];
    expect(pairedDelta(xs, ys, 3)).toEqual(pairedDelta(xs, ys, 3));
    expect(pairedDelta(xs, ys).delta).toBeCloseTo((1 + 0 + 0 + 0.5 - 0.25 + 0.25) / 6, 6);
  });
});
