// pass@k against hand-computed values and against a count of k-subsets (BigInt binomials, an
// independent route); maj@k ties go to the first answer seen, whatever the sample order of the
// others; normalised answers vote together; the scores of a judge's sampled verdicts.
import { describe, expect, it } from "vitest";
import type { VerdictRow } from "../schemas/rows.ts";
import { majorityVote, passAtK, sampledScores, scoreOf, voteKey } from "./pass-at-k.ts";

function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

describe("passAtK", () => {
  it("matches hand-computed examples", () => {
    // n = 5 samples, c = 2 correct, k = 2: 1 − C(3,2)/C(5,2) = 1 − 3/10.
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    // n = 10, c = 3, k = 5: 1 − C(7,5)/C(10,5) = 1 − 21/252 = 11/12.
    expect(passAtK(10, 3, 5)).toBeCloseTo(11 / 12, 12);
    // k = 1 is the fraction correct; k = n is "any correct".
    expect(passAtK(8, 3, 1)).toBeCloseTo(3 / 8, 12);
    expect(passAtK(8, 1, 8)).toBe(1);
    expect(passAtK(8, 0, 8)).toBe(0);
    expect(passAtK(8, 0, 3)).toBe(0);
  });

  it("equals 1 − C(n−c,k)/C(n,k) computed with exact binomials on a grid", () => {
    for (let n = 1; n <= 12; n++) {
      for (let c = 0; c <= n; c++) {
        for (let k = 1; k <= n; k++) {
          const exact = 1 - Number(binomial(n - c, k)) / Number(binomial(n, k));
          expect(passAtK(n, c, k)).toBeCloseTo(exact, 12);
        }
      }
    }
  });

  it("refuses k outside 1..n", () => {
    expect(() => passAtK(4, 1, 5)).toThrow(RangeError);
    expect(() => passAtK(4, 1, 0)).toThrow(RangeError);
  });
});

describe("majorityVote", () => {
  const s = (extracted: string | null, correct = false) => ({ extracted, correct });

  it("takes the most frequent answer; a tie goes to the answer seen first", () => {
    expect(majorityVote([s("7"), s("8", true), s("8", true)])).toEqual({
      answer: "8",
      votes: 2,
      correct: true,
    });
    expect(majorityVote([s("7"), s("8", true), s("8", true), s("7")]).answer).toBe("7");
    expect(majorityVote([s("8", true), s("7"), s("7"), s("8", true)]).answer).toBe("8");
    // Same multiset, other orders: the tie follows the first appearance, nothing else.
    expect(majorityVote([s(null), s("9"), s("3"), s("3"), s("9")]).answer).toBe("9");
  });

  it("groups answers by their normalised text; samples without an answer do not vote", () => {
    expect(voteKey("$1,440.")).toBe("1440");
    expect(voteKey("1440")).toBe("1440");
    expect(voteKey(null)).toBeNull();
    expect(majorityVote([s("12"), s("$1,440.", true), s("1440", true)])).toEqual({
      answer: "1440",
      votes: 2,
      correct: true,
    });
    expect(majorityVote([s(null), s(null), s("5")])).toMatchObject({ answer: "5", votes: 1 });
    expect(majorityVote([s(null), s(null)])).toEqual({ answer: null, votes: 0, correct: false });
  });
});

describe("sampledScores", () => {
  const row = (id: string, samples: [string | null, boolean][]): VerdictRow => ({
    schemaVersion: 1,
    id,
    judge: "answer-correctness@1",
    correct: samples[0][1],
    extracted: samples[0][0],
    gold: "8",
    rule: "answer-line",
    comparison: "rational",
    details: {},
    samples: samples.map(([extracted, correct]) => ({ extracted, correct })),
  });

  it("averages per-item pass@1, pass@k and maj@k, with bootstrap intervals", () => {
    const rows = [
      row("a", [
        ["8", true],
        ["7", false],
        ["7", false],
        ["8", true],
      ]), // c=2: p1 .5, pass@4 1, maj: tie → 8 ✓
      row("b", [
        ["7", false],
        ["7", false],
        ["8", true],
        [null, false],
      ]), // c=1: p1 .25, pass@4 1, maj 7 ✗
      row("c", [
        ["1", false],
        ["2", false],
        ["3", false],
        ["4", false],
      ]), // c=0
    ];
    const s = sampledScores(rows)!;
    expect(s.k).toBe(4);
    expect(s.n).toBe(3);
    expect(s.passAt1.score).toBeCloseTo(0.75 / 3, 6);
    expect(s.passAtK.score).toBeCloseTo(2 / 3, 6);
    expect(s.majAtK.score).toBeCloseTo(1 / 3, 6);
    for (const x of [s.passAt1, s.passAtK, s.majAtK]) {
      expect(x.ci95[0]).toBeLessThanOrEqual(x.score);
      expect(x.ci95[1]).toBeGreaterThanOrEqual(x.score);
    }
    expect(sampledScores(rows)).toEqual(s); // seeded: the same intervals every time
    const { samples: _s, ...single } = rows[0];
    expect(sampledScores([single])).toBeUndefined();
  });

  it("scoreOf: a constant has a zero-width interval", () => {
    expect(scoreOf([1, 1, 1])).toEqual({ score: 1, ci95: [1, 1] });
    expect(scoreOf([])).toEqual({ score: 0, ci95: [0, 0] });
  });
});
