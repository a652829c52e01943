// summarizeRun on hand-built predictions and verdicts: per-judge score, n, correct, intervals and
// breakdowns by category, difficulty, source and gold steps; format rate (null without format@1),
// truncation rate, mean output tokens; schema-valid and deterministic.
import { describe, expect, it } from "vitest";
import { stableStringify } from "../io/json.ts";
import type { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import { EvalSummary } from "../schemas/summary.ts";
import { bootstrapInterval, wilsonInterval } from "./stats.ts";
import { summarizeRun } from "./summary.ts";

const META = { run: "r-1", dataset: "tiny", split: "eval" };

function prediction(
  id: string,
  p: Partial<PredictionRow> & Pick<PredictionRow, "source" | "goldSteps">,
): PredictionRow {
  return {
    schemaVersion: 1,
    id,
    prompt: `question ${id}`,
    output: "1. …\nAnswer: 1",
    finishReason: "stop",
    gold: "1",
    promptTokens: 20,
    outputTokens: 10,
    ms: 5,
    ...p,
  };
}

const PREDICTIONS: PredictionRow[] = [
  prediction("a", { source: "synthetic/totals", category: "arithmetic/add", difficulty: 1, goldSteps: 1 }),
  prediction("b", {
    source: "synthetic/totals",
    category: "arithmetic/add",
    difficulty: 2,
    goldSteps: 2,
    finishReason: "length",
    outputTokens: 24,
  }),
  prediction("c", { source: "gsm8k/test", difficulty: 10, goldSteps: 10, outputTokens: 20 }),
  prediction("d", { source: "gsm8k/test", category: "word", goldSteps: 2, outputTokens: 6 }),
];

function verdict(id: string, judge: string, correct: boolean): VerdictRow {
  return {
    schemaVersion: 1,
    id,
    judge,
    correct,
    extracted: correct ? "1" : "2",
    gold: "1",
    rule: "answer-line",
    comparison: "rational",
    details: {},
  };
}

const AC = "answer-correctness@1";
const VERDICTS: VerdictRow[] = [
  verdict("a", AC, true),
  verdict("a", "exact-match@1", true),
  verdict("b", AC, false),
  verdict("b", "exact-match@1", false),
  verdict("c", AC, true),
  verdict("c", "exact-match@1", false),
  verdict("d", AC, false),
  verdict("d", "exact-match@1", false),
];

describe("summarizeRun", () => {
  it("scores each judge with its intervals and breakdowns", () => {
    const s = EvalSummary.parse(summarizeRun(PREDICTIONS, VERDICTS, META));
    expect(s).toMatchObject({ schemaVersion: 1, run: "r-1", dataset: "tiny", split: "eval", n: 4 });
    expect(Object.keys(s.judges)).toEqual([AC, "exact-match@1"]);
    const ac = s.judges[AC];
    expect(ac).toMatchObject({ score: 0.5, n: 4, correct: 2 });
    expect(ac.ci95.wilson).toEqual(wilsonInterval(2, 4));
    expect(ac.ci95.bootstrap).toEqual(bootstrapInterval([true, false, true, false], 2000, 0));
    expect(ac.ci95.wilson[0]).toBeLessThan(0.5);
    expect(ac.ci95.wilson[1]).toBeGreaterThan(0.5);
    expect(ac.byCategory).toEqual({
      "(none)": { score: 1, n: 1, correct: 1 },
      "arithmetic/add": { score: 0.5, n: 2, correct: 1 },
      word: { score: 0, n: 1, correct: 0 },
    });
    expect(ac.byDifficulty).toEqual({
      "(none)": { score: 0, n: 1, correct: 0 },
      "1": { score: 1, n: 1, correct: 1 },
      "2": { score: 0, n: 1, correct: 0 },
      "10": { score: 1, n: 1, correct: 1 },
    });
    expect(ac.bySource).toEqual({
      "gsm8k/test": { score: 0.5, n: 2, correct: 1 },
      "synthetic/totals": { score: 0.5, n: 2, correct: 1 },
    });
    expect(ac.bySteps).toEqual({
      "1": { score: 1, n: 1, correct: 1 },
      "2": { score: 0, n: 2, correct: 0 },
      "10": { score: 1, n: 1, correct: 1 },
    });
    expect(s.judges["exact-match@1"]).toMatchObject({ score: 0.25, n: 4, correct: 1 });
  });

  it("reports truncation and output length over predictions; format rate only with format@1", () => {
    const s = summarizeRun(PREDICTIONS, VERDICTS, META);
    expect(s.formatRate).toBeNull();
    expect(s.truncationRate).toBe(0.25);
    expect(s.meanOutputTokens).toBe(15); // (10 + 24 + 20 + 6) / 4
    const withFormat = [
      ...VERDICTS,
      ...["a", "b", "c"].map((id) => verdict(id, "format@1", id !== "b")),
      verdict("d", "format@1", true),
    ];
    const f = summarizeRun(PREDICTIONS, withFormat, META);
    expect(f.formatRate).toBe(0.75);
    expect(f.formatRate).toBe(f.judges["format@1"].score);
  });

  it("rounds scores to 6 decimals and ignores verdicts of items without a prediction", () => {
    const three = PREDICTIONS.slice(0, 3);
    const s = summarizeRun(three, [...VERDICTS.filter((v) => v.judge === AC)], META);
    expect(s.n).toBe(3);
    expect(s.judges[AC]).toMatchObject({ score: 0.666667, n: 3, correct: 2 });
    expect(s.judges[AC].bySource["gsm8k/test"]).toEqual({ score: 1, n: 1, correct: 1 });
  });

  it("handles an empty run", () => {
    const s = EvalSummary.parse(summarizeRun([], [], META));
    expect(s).toMatchObject({ n: 0, judges: {}, formatRate: null, truncationRate: 0, meanOutputTokens: 0 });
  });

  it("is deterministic: the same inputs give the same bytes, breakdowns do not depend on row order", () => {
    const a = stableStringify(summarizeRun(PREDICTIONS, VERDICTS, META), 2);
    const b = stableStringify(
      summarizeRun(
        PREDICTIONS.map((p) => ({ ...p })),
        [...VERDICTS],
        META,
      ),
      2,
    );
    expect(b).toBe(a);
    const reversed = summarizeRun([...PREDICTIONS].reverse(), [...VERDICTS].reverse(), META);
    const original = summarizeRun(PREDICTIONS, VERDICTS, META);
    for (const judge of Object.keys(original.judges)) {
      const { ci95: _a, ...restA } = original.judges[judge];
      const { ci95: _b, ...restB } = reversed.judges[judge];
      expect(stableStringify(restB)).toBe(stableStringify(restA));
      expect(reversed.judges[judge].ci95.wilson).toEqual(original.judges[judge].ci95.wilson);
    }
  });
});
