// Model registry: `configs/models.yaml`, written by `tunix-rt promote` (and reviewed in its pull
// request). Each model name has numbered versions; a version points at one run with the stage it
// was promoted to, the commit the run came from, the date of the promotion and the run's scores.
// Promoting a run to production archives the name's earlier production version.
import { z } from "zod";

export const MODEL_STAGES = ["candidate", "production", "archived"] as const;

export const ModelScore = z.strictObject({
  score: z.number().min(0).max(1),
  ci95: z.tuple([z.number(), z.number()]).describe("Wilson 95% interval."),
  n: z.int().min(0),
});

export const ModelVersion = z.strictObject({
  version: z.int().min(1).describe("1, 2, … in promotion order."),
  run: z.string().describe("Run id (a folder under `runs/`)."),
  stage: z
    .enum(MODEL_STAGES)
    .describe("candidate or production; archived when a later version took production."),
  commit: z.string().describe("Git commit the run was trained from (`unknown` when it did not record one)."),
  date: z.string().describe("ISO date and time of the promotion."),
  dataset: z.string().describe("Eval dataset and split of the scores, `<dataset>/<split>`."),
  scores: z.record(z.string(), ModelScore).describe("Judge → score at promotion."),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const ModelEntry = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .describe("Model name."),
  versions: z.array(ModelVersion).min(1),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const ModelRegistry = z
  .strictObject({
    schemaVersion: z.literal(1),
    models: z.array(ModelEntry).default([]).describe("Promoted models. Default: none."),
  })
  .describe("The model registry (`tunix-rt promote`).");
export type ModelRegistry = z.infer<typeof ModelRegistry>;
