// Eval summary: `runs/<id>/eval_summary.json`, written by the summarize stage from verdicts.
import { z } from "zod";

export const Breakdown = z.record(
  z.string(),
  z.strictObject({ score: z.number(), n: z.int(), correct: z.int() }),
);

export const JudgeSummary = z.strictObject({
  score: z.number().min(0).max(1),
  n: z.int().min(0),
  correct: z.int().min(0),
  ci95: z.strictObject({
    wilson: z.tuple([z.number(), z.number()]),
    bootstrap: z.tuple([z.number(), z.number()]),
  }),
  byCategory: Breakdown,
  byDifficulty: Breakdown,
  bySource: Breakdown,
  bySteps: Breakdown.describe("By number of gold reasoning steps."),
});

export const EvalSummary = z
  .strictObject({
    schemaVersion: z.literal(1),
    run: z.string(),
    dataset: z.string(),
    split: z.string(),
    n: z.int().min(0),
    judges: z.record(z.string(), JudgeSummary),
    formatRate: z.number().min(0).max(1).nullable(),
    truncationRate: z.number().min(0).max(1),
    meanOutputTokens: z.number().min(0),
  })
  .describe("Scores of a run (machine-written).");
export type EvalSummary = z.infer<typeof EvalSummary>;
