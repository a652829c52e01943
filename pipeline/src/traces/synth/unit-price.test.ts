import { describe, expect, it } from "vitest";
import { centsText, sampleAll, sampleItems, states, stepProblems, sum } from "./test-kit.ts";
import { unitPrice } from "./unit-price.ts";

const cents = (x: number) => Math.round(x * 100);
type Line = { count: number; price: number };

/** The answer in cents, from the inputs only. */
function recompute(template: string, p: Record<string, unknown>): number {
  if (template === "cost") return (p.count as number) * cents(p.price as number);
  if (template === "each") return cents(p.total as number) / (p.count as number);
  if (template === "scale") return (cents(p.total as number) / (p.count as number)) * (p.wanted as number);
  const spent = sum((p.lines as Line[]).map((l) => l.count * cents(l.price)));
  return template === "basket" ? spent : cents(p.bill as number) - spent;
}

describe("unit-price", () => {
  for (const decimals of [false, true]) {
    const items = sampleAll(unitPrice, 20, { decimals });

    it.each(unitPrice.difficulties.map((d) => [d]))(
      `decimals=${decimals}: difficulty %i gives that many true steps`,
      (d) => {
        for (const item of items.filter((x) => x.difficulty === d)) {
          expect(item.steps).toHaveLength(d);
          expect(stepProblems(item)).toEqual([]);
        }
      },
    );

    it(`decimals=${decimals}: answers equal an independent recomputation in cents`, () => {
      for (const item of items) {
        const expected = recompute(item.template, item.params);
        expect(Number.isInteger(expected) && expected > 0).toBe(true);
        expect(item.answer).toBe(centsText(expected));
        const lines = (item.params.lines as Line[] | undefined) ?? [];
        const p = item.params;
        for (const n of [p.count, p.wanted, p.bill, ...lines.map((l) => l.count)]) {
          if (n !== undefined) expect(states(item.prompt, n as number), `${n} in ${item.prompt}`).toBe(true);
        }
        for (const x of [p.price, p.total, ...lines.map((l) => l.price)]) {
          if (x !== undefined)
            expect(states(item.prompt, centsText(cents(x as number))), `${x} in ${item.prompt}`).toBe(true);
        }
      }
    });
  }

  it("writes money with two decimals when it has cents, and tags those traces", () => {
    const items = sampleItems(unitPrice, 3, 40, { decimals: true });
    expect(items.some((x) => /\.\d\d\b/.test(x.answer))).toBe(true);
    for (const item of items) {
      expect(item.answer).toMatch(/^\d+(\.\d\d)?$/);
      expect(item.tags).toEqual(["decimal"]);
    }
    for (const item of sampleItems(unitPrice, 3, 20)) expect(item.answer).toMatch(/^\d+$/);
  });

  it("honours the template option and refuses one that does not fit", () => {
    expect(sampleItems(unitPrice, 2, 10, { template: "scale" }).every((x) => x.template === "scale")).toBe(
      true,
    );
    expect(() => sampleItems(unitPrice, 1, 1, { template: "change" })).toThrow(/options.template/);
  });
});
