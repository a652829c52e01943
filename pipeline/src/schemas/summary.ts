// Eval summary: `runs/<id>/eval_summary.json`, written by the summarize stage from verdicts.
import { z } from "zod";

export const Breakdown = z.record(
  z.string(),
  z.strictObject({ score: z.number(), n: z.int(), correct: z.int() }),
);

export const JudgeSummary = z.strictObject({
  score: z.number().min(0).max(1).describe("correct / n (0 when n = 0)."),
  n: z.int().min(0).describe("Items the judge scored (its applicable verdicts)."),
  correct: z.int().min(0),
  notApplicable: z
    .int()
    .min(0)
    .optional()
    .describe(
      "Items with nothing to judge (verdicts with applicable: false); present for judges that can say so.",
    ),
  coverage: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "n / (n + notApplicable): the share of items the score speaks for; present with notApplicable.",
    ),
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
