// Eval summary: `runs/<id>/eval_summary.json`, written by the summarize stage from verdicts.
import { z } from "zod";
import { HumanReviewSummary } from "./review.ts";

export const Breakdown = z.record(
  z.string(),
  z.strictObject({ score: z.number(), n: z.int(), correct: z.int() }),
);

const ScoreWithCi = z.strictObject({
  score: z.number().min(0).max(1),
  ci95: z.tuple([z.number(), z.number()]).describe("95% percentile bootstrap interval over items."),
});

export const SampledSummary = z
  .strictObject({
    k: z.int().min(2).describe("Samples per item."),
    n: z.int().min(0).describe("Items."),
    passAt1: ScoreWithCi.describe("Mean over items of the fraction of correct samples."),
    passAtK: ScoreWithCi.describe("Unbiased pass@k (Chen et al. 2021), averaged over items."),
    majAtK: ScoreWithCi.optional().describe(
      "Majority vote over the k samples' extracted answers (judges that extract an answer).",
    ),
  })
  .describe("Scores over k samples per item (inference.samples: k).");

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
  sampled: SampledSummary.optional().describe("Present when the items were sampled k times."),
});

export const EvalSummary = z
  .strictObject({
    schemaVersion: z.literal(1),
    run: z.string(),
    dataset: z.string(),
    split: z.string(),
    eval: z
      .string()
      .optional()
      .describe("The extra eval this summarises (runs/<id>/evals/<name>/); absent: the run's own eval."),
    n: z.int().min(0),
    judges: z.record(z.string(), JudgeSummary),
    formatRate: z.number().min(0).max(1).nullable(),
    truncationRate: z.number().min(0).max(1),
    truncatedPrompts: z
      .int()
      .min(1)
      .optional()
      .describe("Items whose prompt the model's context could not hold (cut from the start); absent: none."),
    meanOutputTokens: z.number().min(0),
    humanReview: HumanReviewSummary.optional().describe(
      "People's ratings (runs/<id>/reviews/*.jsonl) and each judge's agreement with them; absent: none yet.",
    ),
  })
  .describe("Scores of a run (machine-written).");
export type EvalSummary = z.infer<typeof EvalSummary>;
