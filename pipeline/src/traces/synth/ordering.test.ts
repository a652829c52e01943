import { describe, expect, it } from "vitest";
import { ordering } from "./ordering.ts";
import { type StepVerifier, sampleAll, sampleItems, states, stepProblems } from "./test-kit.ts";

// "Smallest of 42, 7, 19 is 7" / "Oldest of Ana 12, Ben 9 is Ana": the pick is the extreme of the list,
// the first list is the prompt's, and each next list is the previous minus its pick.
const selections: StepVerifier = (step, i, item) => {
  const m = /^(Smallest|Largest|Oldest|Youngest|Tallest|Shortest) of (.+) is (.+)$/.exec(step);
  if (!m) return undefined;
  const high = ["Largest", "Oldest", "Tallest"].includes(m[1]);
  const entries = m[2].split(", ").map((e) => {
    const em = /^(?:(.+) )?(\d+)$/.exec(e);
    return { name: em?.[1] ?? em?.[2] ?? "", value: Number(em?.[2]) };
  });
  const best = entries.reduce((b, x) => ((high ? x.value > b.value : x.value < b.value) ? x : b));
  if (best.name !== m[3]) return `expected ${best.name}`;
  const all: { name: string; value: number }[] = item.params.people
    ? (item.params.people as [string, number][]).map(([name, value]) => ({ name, value }))
    : (item.params.values as number[]).map((v) => ({ name: String(v), value: v }));
  const picked = item.steps.slice(0, i).map((s) => s.slice(s.lastIndexOf(" is ") + 4));
  const expected = all.filter((x) => !picked.includes(x.name)).map((x) => x.name);
  return JSON.stringify(entries.map((x) => x.name)) === JSON.stringify(expected)
    ? null
    : "list is not what is left";
};

describe("ordering", () => {
  const items = sampleAll(ordering, 25);

  it.each(ordering.difficulties.map((d) => [d]))("difficulty %i gives that many true steps", (d) => {
    for (const item of items.filter((x) => x.difficulty === d)) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item, selections)).toEqual([]);
    }
  });

  it("answers equal a sort of the inputs", () => {
    for (const item of items) {
      const p = item.params;
      if (item.template === "people") {
        const people = p.people as [string, number][];
        const high = ["oldest", "tallest"].includes(p.trait as string);
        const sorted = [...people].sort((a, b) => (high ? b[1] - a[1] : a[1] - b[1]));
        expect(item.answer).toBe(sorted[(p.k as number) - 1][0]);
        for (const [name, v] of people)
          expect(item.prompt.includes(name) && states(item.prompt, v)).toBe(true);
        continue;
      }
      const values = p.values as number[];
      const sorted = [...values].sort((a, b) => a - b);
      if (item.template === "sort") {
        expect(item.answer).toBe((p.descending ? sorted.reverse() : sorted).join(", "));
        expect(item.tags).toEqual(["list-answer"]);
      } else {
        expect(item.answer).toBe(
          String(p.largest ? sorted[sorted.length - (p.k as number)] : sorted[(p.k as number) - 1]),
        );
      }
      expect(item.prompt).toContain(values.join(", "));
    }
  });

  it("keeps lists within maxValue and values distinct", () => {
    for (const item of sampleItems(ordering, 4, 30, { maxValue: 9, template: "kth" })) {
      const values = item.params.values as number[];
      expect(new Set(values).size).toBe(values.length);
      expect(Math.max(...values)).toBeLessThanOrEqual(9);
    }
  });
});
