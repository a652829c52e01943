// Baselines: `configs/baselines.yaml`. The runs that new runs are compared with for regressions.
import { z } from "zod";

export const Baseline = z.strictObject({
  name: z.string().describe("Baseline name. Required."),
  run: z.string().describe("Run id (a folder under `runs/`). Required."),
  metric: z
    .string()
    .default("answer-correctness@1")
    .describe("Judge score compared. Default: answer-correctness@1."),
  direction: z.enum(["higher", "lower"]).default("higher").describe("Which way is better. Default: higher."),
  tolerance: z
    .number()
    .min(0)
    .default(0.02)
    .describe("Allowed drop before it counts as a regression. Default: 0.02."),
});

export const Baselines = z
  .strictObject({
    schemaVersion: z.literal(1),
    baselines: z.array(Baseline).default([]).describe("Named baselines. Default: none."),
  })
  .describe("Regression baselines.");
export type Baselines = z.infer<typeof Baselines>;
