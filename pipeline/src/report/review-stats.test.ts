// Review statistics against hand-computed values, and the fixture review file (made up for this
// test, every row marked `fixture: true`) giving kappa, rank correlations and human-score intervals.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ReviewRow } from "../schemas/review.ts";
import type { VerdictRow } from "../schemas/rows.ts";
import { averageRanks, cohenKappa, spearman, summarizeReviews } from "./review-stats.ts";

const FIXTURE = path.join(import.meta.dirname, "fixtures/review.fixture.jsonl");

/** answer-correctness@1 verdicts: items 0–9 right, 10–19 wrong (as the fixture assumes). */
const verdicts: VerdictRow[] = Array.from({ length: 20 }, (_, i) => ({
  schemaVersion: 1,
  id: `item-${i}`,
  judge: "answer-correctness@1",
  correct: i < 10,
  extracted: "1",
  gold: "1",
  rule: "fixture",
  comparison: "text",
  details: {},
}));

describe("cohenKappa and spearman", () => {
  it("match hand-computed values", () => {
    // 8 both yes, 2 judge yes / person no, 1 judge no / person yes, 9 both no:
    // po = 17/20 = 0.85, pe = 0.5·0.45 + 0.5·0.55 = 0.5, kappa = (0.85 − 0.5) / 0.5 = 0.7.
    const pairs = [
      ...Array.from({ length: 8 }, () => [true, true] as const),
      ...Array.from({ length: 2 }, () => [true, false] as const),
      [false, true] as const,
      ...Array.from({ length: 9 }, () => [false, false] as const),
    ];
    expect(cohenKappa(pairs)).toEqual({ n: 20, agree: 0.85, kappa: 0.7 });
    expect(
      cohenKappa([
        [true, true],
        [true, true],
      ]).kappa,
    ).toBeNull();
    expect(
      cohenKappa([
        [true, false],
        [false, true],
      ]),
    ).toEqual({ n: 2, agree: 0, kappa: -1 });
    // ranks x 1,2,3; y 1.5,1.5,3: sxy = 1.5, sxx = 2, syy = 1.5 → rho = 1.5 / √3 = 0.866025.
    expect(averageRanks([1, 1, 2])).toEqual([1.5, 1.5, 3]);
    expect(spearman([1, 2, 3], [1, 1, 2])).toBe(0.866025);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBe(-1);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNull();
  });
});

describe("the fixture review file", () => {
  const rows = readFileSync(FIXTURE, "utf8")
    .trim()
    .split("\n")
    .map((l) => ReviewRow.parse(JSON.parse(l)));

  it("is marked as made up, row by row", () => {
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.fixture === true)).toBe(true);
  });

  it("yields kappa, rank correlations and human scores with intervals", () => {
    const s = summarizeReviews([{ reviewer: "fixture", rows }], verdicts);
    expect(s).toBeDefined();
    expect(s).toMatchObject({
      reviewers: ["fixture"],
      items: 20,
      ratings: 20,
      disagreements: 3,
      fixtures: 20,
    });
    const human = s?.verdicts["answer-correctness@1"];
    expect(human).toMatchObject({ n: 20, yes: 9, share: 0.45 });
    // Wilson 95% for 9/20.
    expect(human?.ci95[0]).toBeCloseTo(0.2582, 4);
    expect(human?.ci95[1]).toBeCloseTo(0.6579, 4);
    const kappa = s?.agreement["answer-correctness@1"].kappa;
    expect(kappa).toMatchObject({ n: 20, agree: 0.85, kappa: 0.7 });
    expect(kappa?.ci95?.[0]).toBeLessThan(0.7);
    expect(kappa?.ci95?.[1]).toBeGreaterThan(0.7);
    // Independent computation (Python, average ranks) of rho of the 1/0 verdicts with each criterion.
    expect(s?.agreement["answer-correctness@1"].spearman).toEqual({
      clarity: { n: 19, rho: 0.744084 },
      reasoning: { n: 20, rho: 0.775058 },
    });
    expect(s?.scores.reasoning).toMatchObject({ n: 20, mean: 2.5 });
    expect(s?.scores.clarity).toMatchObject({ n: 19, mean: 2.894737 });
    const [lo, hi] = s?.scores.reasoning.ci95 ?? [0, 0];
    expect(lo).toBeLessThan(2.5);
    expect(hi).toBeGreaterThan(2.5);
    expect(hi - lo).toBeLessThan(1.5);
    // Deterministic: the same input gives the same figures.
    expect(summarizeReviews([{ reviewer: "fixture", rows }], verdicts)).toEqual(s);
  });

  it("counts nothing that is not rated, and a judge's numeric score before its verdict", () => {
    const unrated = rows.map((r) => ({
      ...r,
      verdicts: { "answer-correctness@1": null },
      scores: { reasoning: null },
    }));
    expect(summarizeReviews([{ reviewer: "x", rows: unrated }], verdicts)).toBeUndefined();
    const scored = verdicts.map((v, i) => ({
      ...v,
      judge: "llm-rubric@1",
      details: { score: (20 - i) / 20 },
    }));
    const s = summarizeReviews([{ reviewer: "fixture", rows }], scored);
    expect(s?.agreement["llm-rubric@1"].kappa).toBeUndefined();
    expect(s?.agreement["llm-rubric@1"].spearman?.reasoning.rho).toBeGreaterThan(0.775058);
  });
});
