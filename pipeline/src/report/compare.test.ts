import { describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import { type CompareInput, compareRuns, configDiff, newcombePaired } from "./compare.ts";
import type { ItemVerdict } from "./run-view.ts";
import { mcnemarExact, mulberry32 } from "./stats.ts";

const J = "answer-correctness@1";
function run(id: string, correct: (boolean | null)[], lr = 3e-4): CompareInput {
  return {
    id,
    config: RunConfig.parse({ schemaVersion: 1, dataset: { name: "demo" }, training: { lr } }),
    items: correct.map((c, i) => ({
      id: `q${i}`,
      prompt: "p",
      output: "o",
      finishReason: "stop" as const,
      gold: "1",
      source: "s",
      verdicts: (c === null
        ? {}
        : { [J]: { correct: c, extracted: "1", rule: "r", comparison: "text" } }) as Record<
        string,
        ItemVerdict
      >,
    })),
  };
}

describe("compareRuns", () => {
  it("counts flips over common items and tests them with McNemar", () => {
    const a = run("a", [true, true, false, false, true, null]);
    const b = run("b", [true, false, true, true, null, true], 1e-3);
    const c = compareRuns([a, b], J);
    expect(c.pairs).toHaveLength(1);
    const p = c.pairs[0];
    expect(p).toMatchObject({
      a: "a",
      b: "b",
      common: 4,
      onlyA: 1,
      onlyB: 1,
      fixed: 2,
      broken: 1,
      bothRight: 1,
      bothWrong: 0,
    });
    expect(p.mcnemarP).toBe(mcnemarExact(1, 2));
    expect(p).toMatchObject({ sameItems: false, scoreA: 0.5, scoreB: 0.75 });
    expect(p.delta).toBe(0.25);
    expect(p.deltaCi95![0]).toBeLessThan(0.25);
    expect(p.deltaCi95![1]).toBeGreaterThan(0.25);
    expect(c.scores.map((s) => [s.n, s.correct])).toEqual([
      [5, 3],
      [5, 4],
    ]);
    expect(c.items.map((i) => i.id)).toEqual(["q0", "q1", "q2", "q3", "q4", "q5"]);
    expect(c.items[4].correct).toEqual([true, null]);
    expect(c.configDiff).toEqual([{ key: "training.lr", values: ["0.0003", "0.001"] }]);
  });

  it("makes every pair for three runs", () => {
    const c = compareRuns([run("a", [true]), run("b", [false]), run("c", [true])], J);
    expect(c.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(["a-b", "a-c", "b-c"]);
    expect(c.pairs[0].broken).toBe(1);
    expect(c.pairs[1].bothRight).toBe(1);
  });
});

describe("newcombePaired", () => {
  it("brackets the difference, stays in [-1, 1] and flips sign when the runs swap", () => {
    const [lo, hi] = newcombePaired(40, 10, 25, 25); // delta = (25 - 10) / 100 = 0.15
    expect(lo).toBeLessThan(0.15);
    expect(hi).toBeGreaterThan(0.15);
    expect(lo).toBeGreaterThan(0);
    const [lo2, hi2] = newcombePaired(40, 25, 10, 25);
    expect(lo2).toBeCloseTo(-hi, 6);
    expect(hi2).toBeCloseTo(-lo, 6);
    expect(newcombePaired(0, 0, 5, 0)[1]).toBeLessThanOrEqual(1);
    expect(newcombePaired(0, 0, 0, 0)).toEqual([0, 0]);
  });

  it("compareRuns gives no p, Δ or interval for runs without common items (not p = 1, Δ = 0)", () => {
    const a = run("a", [true, true, null, null]);
    const b = run("b", [null, null, false, true]);
    const p = compareRuns([a, b], J).pairs[0];
    expect(p).toMatchObject({ common: 0, onlyA: 2, onlyB: 2, sameItems: false, scoreA: null, scoreB: null });
    expect(p.mcnemarP).toBeNull();
    expect(p.delta).toBeNull();
    expect(p.deltaCi95).toBeNull();
    expect(compareRuns([a, run("c", [true, false, null, null])], J).pairs[0].sameItems).toBe(true);
  });

  it("leaves out verdicts that are not applicable (no outcome), in scores and pairs", () => {
    const a = run("a", [true, false, true]);
    const b = run("b", [true, true, false]);
    b.items[2].verdicts[J] = { ...b.items[2].verdicts[J], applicable: false };
    const c = compareRuns([a, b], J);
    expect(c.scores[1]).toMatchObject({ n: 2, correct: 2 });
    expect(c.pairs[0]).toMatchObject({ common: 2, onlyA: 1, fixed: 1, broken: 0 });
    expect(c.items[2].correct).toEqual([true, null]);
  });

  it("agrees with a paired bootstrap of the same table to within 0.02", () => {
    const table = [60, 12, 24, 104];
    const items: [boolean, boolean][] = [];
    for (let i = 0; i < table[0]; i++) items.push([true, true]);
    for (let i = 0; i < table[1]; i++) items.push([true, false]);
    for (let i = 0; i < table[2]; i++) items.push([false, true]);
    for (let i = 0; i < table[3]; i++) items.push([false, false]);
    const rand = mulberry32(1);
    const deltas: number[] = [];
    for (let r = 0; r < 4000; r++) {
      let d = 0;
      for (let i = 0; i < items.length; i++) {
        const [x, y] = items[Math.floor(rand() * items.length)];
        d += Number(y) - Number(x);
      }
      deltas.push(d / items.length);
    }
    deltas.sort((a, b) => a - b);
    const [lo, hi] = newcombePaired(table[0], table[1], table[2], table[3]);
    expect(Math.abs(lo - deltas[100])).toBeLessThan(0.02);
    expect(Math.abs(hi - deltas[3899])).toBeLessThan(0.02);
  });
});

describe("configDiff", () => {
  it("lists only changed keys, including keys present in one config only", () => {
    expect(
      configDiff([
        { a: 1, b: { c: [1, 2] } },
        { a: 1, b: { c: [1, 3] }, d: "x" },
      ]),
    ).toEqual([
      { key: "b.c", values: ["[1,2]", "[1,3]"] },
      { key: "d", values: ["", '"x"'] },
    ]);
  });
});
