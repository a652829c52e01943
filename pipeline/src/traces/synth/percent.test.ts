import { describe, expect, it } from "vitest";
import { percent } from "./percent.ts";
import { sampleAll, sampleItems, states, stepProblems } from "./test-kit.ts";

/** n * (100 + change) / 100, refusing a fraction: the answers are whole by construction. */
function scale(n: number, change: number): number {
  const x = n * (100 + change);
  if (x % 100 !== 0) throw new Error(`${n} changed by ${change}% is not whole`);
  return x / 100;
}

function recompute(p: Record<string, unknown>): number {
  const base = p.base as number;
  switch (p.kind) {
    case "of":
      return scale(base, (p.percent as number) - 100);
    case "discount":
    case "rest":
      return scale(base, -(p.percent as number));
    case "rise":
      return scale(base, p.percent as number);
    case "up-down":
      return scale(scale(base, (p.percents as number[])[0]), -(p.percents as number[])[1]);
    case "down-up":
      return scale(scale(base, -(p.percents as number[])[0]), (p.percents as number[])[1]);
  }
  const paid = scale((p.count as number) * (p.price as number), -(p.percent as number));
  return p.tax === undefined ? paid : scale(paid, p.tax as number);
}

describe("percent", () => {
  const items = sampleAll(percent, 25);

  it.each(percent.difficulties.map((d) => [d]))("difficulty %i gives that many true steps", (d) => {
    for (const item of items.filter((x) => x.difficulty === d)) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item)).toEqual([]);
    }
  });

  it("answers equal an independent recomputation; the prompt states the inputs", () => {
    for (const item of items) {
      expect(item.answer).toBe(String(recompute(item.params)));
      const p = item.params;
      for (const n of [p.base, p.percent, p.count, p.price, p.tax, ...((p.percents as number[]) ?? [])]) {
        if (n !== undefined) expect(states(item.prompt, n as number), `${n} in ${item.prompt}`).toBe(true);
      }
    }
  });

  it("writes each percentage as one multiply-then-divide step", () => {
    const steps = items.flatMap((x) => x.steps).filter((s) => s.includes("/ 100"));
    expect(steps.length).toBeGreaterThan(100);
    for (const s of steps) expect(s).toMatch(/: \d+ \* \d+ \/ 100 = \d+$/);
  });

  it("respects maxBase", () => {
    for (const item of sampleItems(percent, 2, 40, { maxBase: 50 }))
      expect(item.params.base as number).toBeLessThanOrEqual(50);
  });
});
