import { describe, expect, it } from "vitest";
import { rates } from "./rates.ts";
import { sampleAll, sampleItems, states, stepProblems, sum } from "./test-kit.ts";

type Part = { r: number; t: number };

function recompute(template: string, p: Record<string, unknown>): number {
  if (template === "amount") return (p.rate as number) * (p.time as number);
  if (template === "time") return (p.amount as number) / (p.rate as number);
  const done = sum((p.parts as Part[]).map((x) => x.r * x.t));
  return template === "legs" ? done : (p.goal as number) - done;
}

describe("rates", () => {
  const items = sampleAll(rates, 25);

  it.each(rates.difficulties.map((d) => [d]))("difficulty %i gives that many true steps", (d) => {
    for (const item of items.filter((x) => x.difficulty === d)) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item)).toEqual([]);
    }
  });

  it("answers equal an independent recomputation and are whole and positive", () => {
    for (const item of items) {
      const expected = recompute(item.template, item.params);
      expect(Number.isInteger(expected) && expected > 0).toBe(true);
      expect(item.answer).toBe(String(expected));
      const parts = (item.params.parts as Part[] | undefined) ?? [];
      for (const n of [
        item.params.rate,
        item.params.time,
        item.params.amount,
        item.params.goal,
        ...parts.flatMap((x) => [x.r, x.t]),
      ]) {
        if (n !== undefined) expect(states(item.prompt, n as number), `${n} in ${item.prompt}`).toBe(true);
      }
    }
  });

  it("picks the template that fits the difficulty and refuses one that does not", () => {
    expect(new Set(items.filter((x) => x.difficulty === 1).map((x) => x.template))).toEqual(
      new Set(["amount", "time"]),
    );
    expect(new Set(items.filter((x) => x.difficulty === 4).map((x) => x.template))).toEqual(
      new Set(["left"]),
    );
    expect(sampleItems(rates, 1, 5, { template: "time" }).every((x) => x.template === "time")).toBe(true);
    expect(() => sampleItems(rates, 2, 1, { template: "legs" })).toThrow(/options.template/);
  });

  it("keeps rates and times within their options", () => {
    for (const item of sampleItems(rates, 5, 40, { maxRate: 9, maxTime: 3 })) {
      for (const p of item.params.parts as Part[]) expect(p.r <= 9 && p.t <= 3).toBe(true);
    }
  });
});
