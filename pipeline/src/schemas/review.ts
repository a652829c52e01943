// Human review: `runs/<id>/reviews/<reviewer>.jsonl`, one file per person, one row per item they
// rated, added through a pull request (its approval is the review of the reviews). A row gives the
// person's own call on what each judge decides (`verdicts`, compared with the judges by Cohen's
// kappa) and rubric criterion scores 1–5 (`scores`, compared with the judges' scores by Spearman's
// rho). `null` means "not rated yet": `tunix-rt review init` writes rows with nulls for a person to
// fill in, and nulls count nowhere. Ratings are never invented: rows made for tests say so
// (`fixture: true`), the summary counts them apart (`fixtures`) and the site says such figures are
// not evidence; a repository test checks that no committed review holds one.
// The summary of a run's reviews (HumanReviewSummary) is part of its eval summary.
import { z } from "zod";

export const REVIEWER = /^[a-z0-9][a-z0-9._-]*$/;
export const CRITERION = /^[a-z][a-z0-9_-]*$/;

export const ReviewRow = z
  .strictObject({
    schemaVersion: z.literal(1).describe("Always 1."),
    id: z.string().min(1).describe("The item's id (the trace id of a row of predictions.jsonl). Required."),
    verdicts: z
      .record(z.string().regex(/^[a-z0-9-]+@\d+$/), z.boolean().nullable())
      .default({})
      .describe("Judge name → the person's own verdict on what that judge decides (null: not rated)."),
    scores: z
      .record(z.string().regex(CRITERION), z.int().min(1).max(5).nullable())
      .default({})
      .describe("Rubric criterion → score 1 (poor) to 5 (excellent); null: not rated."),
    note: z.string().optional().describe("Free text: why, what is wrong. Optional."),
    fixture: z
      .literal(true)
      .optional()
      .describe("Made up for a test, not a person's rating. Never in a committed run folder. Optional."),
  })
  .describe("One person's ratings of one item of a run.");
export type ReviewRow = z.infer<typeof ReviewRow>;

const Interval = z.tuple([z.number(), z.number()]);

export const HumanReviewSummary = z
  .strictObject({
    reviewers: z.array(z.string()).describe("Reviewers (file names), sorted."),
    items: z.int().min(0).describe("Distinct items with at least one rating."),
    ratings: z.int().min(0).describe("Rows with at least one rating, all reviewers together."),
    verdicts: z
      .record(
        z.string(),
        z.strictObject({
          n: z.int().min(0),
          yes: z.int().min(0),
          share: z.number().min(0).max(1),
          ci95: Interval.describe("Wilson interval of the share."),
        }),
      )
      .describe("Judge → the people's verdicts on what it decides: share true, with its interval."),
    scores: z
      .record(
        z.string(),
        z.strictObject({
          n: z.int().min(0),
          mean: z.number(),
          ci95: Interval.describe("Percentile bootstrap interval of the mean (2,000 resamples, seed 0)."),
        }),
      )
      .describe("Criterion → mean score 1–5 with its interval."),
    agreement: z
      .record(
        z.string(),
        z.strictObject({
          kappa: z
            .strictObject({
              n: z.int().min(0).describe("Ratings paired with the judge's verdict."),
              agree: z.number().min(0).max(1).describe("Share of pairs that agree."),
              kappa: z.number().nullable().describe("Cohen's kappa; null when chance agreement is 1."),
              ci95: Interval.nullable().describe("Bootstrap interval over the pairs (2,000, seed 0)."),
            })
            .optional()
            .describe("Judge verdicts vs the people's verdicts for that judge."),
          spearman: z
            .record(
              z.string(),
              z.strictObject({
                n: z.int().min(0),
                rho: z
                  .number()
                  .nullable()
                  .describe("Spearman's rho (average ranks); null when either side is constant."),
              }),
            )
            .optional()
            .describe(
              "Criterion → rank correlation of the judge's score (details.score, else 1/0) with the people's.",
            ),
        }),
      )
      .describe("Judge → its agreement with the people."),
    disagreements: z.int().min(0).describe("Ratings whose verdict for some judge differs from that judge's."),
    fixtures: z
      .int()
      .min(0)
      .describe("Ratings marked `fixture: true` (made up for a test): figures with any are not evidence."),
  })
  .describe("The people's ratings of a run, and each judge's agreement with them (report/review-stats.ts).");
export type HumanReviewSummary = z.infer<typeof HumanReviewSummary>;
