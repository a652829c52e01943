import { describe, expect, it } from "vitest";
import { type StepVerifier, sampleAll, sampleItems, states, stepProblems, sum } from "./test-kit.ts";
import { weekday } from "./weekday.ts";

// Independent of the generator's mod arithmetic: count days on the real calendar.
// 2024-01-01 was a Monday.
const NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
function dayAfter(start: string, days: number): string {
  const offset = (NAMES.indexOf(start) + 6) % 7; // days after Monday
  return NAMES[new Date(Date.UTC(2024, 0, 1 + offset + days)).getUTCDay()];
}

const shifts: StepVerifier = (step) => {
  const m = /^(\w+) ([+-]) (\d+) (days?) = (\w+)$/.exec(step);
  if (!m) return undefined;
  const n = Number(m[3]);
  if ((n === 1) !== (m[4] === "day")) return "day/days";
  return dayAfter(m[1], m[2] === "+" ? n : -n) === m[5]
    ? null
    : `expected ${dayAfter(m[1], m[2] === "+" ? n : -n)}`;
};

describe("weekday", () => {
  const items = sampleAll(weekday, 25);

  it.each(weekday.difficulties.map((d) => [d]))("difficulty %i gives that many true steps", (d) => {
    for (const item of items.filter((x) => x.difficulty === d)) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item, shifts)).toEqual([]);
      expect(shifts(item.steps.at(-1)!, d - 1, item)).toBeNull();
    }
  });

  it("answers equal a calendar count from the inputs", () => {
    for (const item of items) {
      const p = item.params as { start: string; days: number | number[]; weeks?: number };
      const total = typeof p.days === "number" ? p.days : 7 * (p.weeks ?? 0) + sum(p.days);
      expect(item.answer).toBe(dayAfter(p.start, total));
      expect(item.prompt).toContain(`Today is ${p.start}.`);
      for (const n of typeof p.days === "number" ? [Math.abs(p.days)] : p.days)
        expect(states(item.prompt, n)).toBe(true);
    }
  });

  it("goes backwards only in the one- and two-step forms, and respects maxDays", () => {
    expect(items.some((x) => x.template === "before")).toBe(true);
    for (const item of items.filter((x) => x.template === "before"))
      expect(item.difficulty).toBeLessThanOrEqual(2);
    for (const item of sampleItems(weekday, 2, 40, { maxDays: 10 }))
      expect(Math.abs(item.params.days as number)).toBeLessThanOrEqual(10);
  });
});
