import { describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { sampleAll, sampleItems, states, stepProblems, sum } from "./test-kit.ts";
import { totals } from "./totals.ts";

// The answer from the sampled inputs alone, by a different route than the steps.
function recompute(template: string, p: Record<string, unknown>): number {
  if (template === "events") return (p.start as number) + sum(p.changes as number[]);
  if (template === "group") return sum(p.counts as number[]);
  return sum(p.a as number[]) - sum(p.b as number[]);
}

describe("totals", () => {
  const items = sampleAll(totals, 25);

  it.each(totals.difficulties.map((d) => [d]))("difficulty %i gives that many true steps", (d) => {
    const some = items.filter((x) => x.difficulty === d);
    expect(some.length).toBe(100);
    for (const item of some) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item)).toEqual([]);
    }
  });

  it("answers equal an independent recomputation, and the prompt states every input", () => {
    for (const item of items) {
      expect(item.answer).toBe(String(recompute(item.template, item.params)));
      expect(Number(item.answer)).toBeGreaterThanOrEqual(0);
      const inputs = [
        item.params.start,
        ...((item.params.changes as number[]) ?? []).map(Math.abs),
        ...((item.params.counts as number[]) ?? []),
        ...((item.params.a as number[]) ?? []),
        ...((item.params.b as number[]) ?? []),
      ];
      for (const n of inputs.filter((x) => x !== undefined))
        expect(states(item.prompt, n as number), `${n} in ${item.prompt}`).toBe(true);
    }
  });

  it("uses all three templates and the final step gives the answer", () => {
    expect(new Set(items.map((x) => x.template))).toEqual(new Set(["events", "group", "compare"]));
    for (const item of items) expect(item.steps.at(-1)!.endsWith(`= ${item.answer}`)).toBe(true);
  });

  it("keeps every prompt number within maxOperand", () => {
    for (const item of sampleItems(totals, 3, 50, { maxOperand: 9 })) {
      for (const n of item.prompt.match(/\d+/g) ?? []) expect(Number(n)).toBeLessThanOrEqual(9);
    }
  });

  it("keeps every step result within maxTotal", () => {
    for (const d of [1, 2, 3]) {
      for (const item of sampleItems(totals, d, 60, { maxOperand: 9, maxTotal: 10 })) {
        expect(stepProblems(item)).toEqual([]);
        for (const s of item.steps) expect(Number(s.split("= ")[1])).toBeLessThanOrEqual(10);
      }
    }
  });

  it("rejects unknown options and values out of range", () => {
    expect(() => sampleItems(totals, 1, 1, { maxOperand: 1 })).toThrow(TunixError);
    expect(() => sampleItems(totals, 1, 1, { nope: 1 })).toThrow(/unknown option "nope"/);
    expect(() => sampleItems(totals, 7, 1)).toThrow(/difficulty/);
  });
});
