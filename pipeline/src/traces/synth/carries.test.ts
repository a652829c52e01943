import { describe, expect, it } from "vitest";
import { COLUMN_NAMES, carries } from "./carries.ts";
import { type StepVerifier, sampleAll, stepProblems } from "./test-kit.ts";

/** Checks "…= v, write w, carry c": w is the last digit of v and c the rest (the last column writes v). */
const columns: StepVerifier = (step, i, item) => {
  const m = /^([A-Za-z-]+): (.+) = (\d+), write (\d+)(?:, carry (\d+))?$/.exec(step);
  if (!m) return "not a column step";
  const [, name, expr, v, w, c] = m;
  if (name !== COLUMN_NAMES[i]) return `column ${name} at position ${i + 1}`;
  const last = i === item.steps.length - 1;
  const value = Number(v);
  if (last ? Number(w) !== value || c !== undefined : Number(w) !== value % 10) return "wrong digit written";
  if (!last && Number(c ?? 0) !== Math.floor(value / 10)) return "wrong carry";
  const before = i === 0 ? undefined : /carry (\d+)$/.exec(item.steps[i - 1])?.[1];
  if (before !== undefined ? !expr.endsWith(` + ${before}`) : /[+*] \d+ \+ \d+$/.test(expr))
    return "carry not added";
  return null;
};

describe("carries", () => {
  const items = sampleAll(carries, 25);

  it.each(carries.difficulties.map((d) => [d]))("difficulty %i: one true step per column", (d) => {
    for (const item of items.filter((x) => x.difficulty === d)) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item, columns)).toEqual([]);
      if (d >= 2) expect(item.steps.some((s) => s.includes("carry"))).toBe(true);
    }
  });

  it("answers equal the sum or product computed with BigInt", () => {
    for (const item of items) {
      const { a, b, op } = item.params as { a: number; b: number; op: string };
      expect(item.answer).toBe(String(op === "+" ? BigInt(a) + BigInt(b) : BigInt(a) * BigInt(b)));
      expect(item.prompt).toContain(`${a} ${op} ${b}`);
      expect(String(a)).toHaveLength(item.difficulty);
    }
  });
});
