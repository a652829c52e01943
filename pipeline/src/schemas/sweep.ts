// Sweep config: `configs/sweeps/<name>.yaml`. A base run config plus a search space; the sweep
// stage expands trials (one run each) and picks the best by a metric.
import { z } from "zod";

const Num = z.number();
export const SearchDimension = z.union([
  z.strictObject({ choice: z.array(z.unknown()).min(1).describe("Pick one of these values.") }),
  z.strictObject({
    grid: z.array(z.unknown()).min(1).describe("Try every value (cartesian product with other grids)."),
  }),
  z.strictObject({ uniform: z.tuple([Num, Num]).describe("Uniform real in [lo, hi].") }),
  z.strictObject({
    loguniform: z.tuple([Num.positive(), Num.positive()]).describe("Log-uniform real in [lo, hi]."),
  }),
  z.strictObject({ randint: z.tuple([z.int(), z.int()]).describe("Integer in [lo, hi].") }),
]);

export const SweepConfig = z
  .strictObject({
    schemaVersion: z.literal(1),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .describe("Sweep name. Required."),
    base: z.string().describe("Path of the base run config, relative to the repository root. Required."),
    space: z
      .record(z.string(), SearchDimension)
      .describe("Dotted config key → dimension, e.g. `training.lr`."),
    trials: z
      .int()
      .positive()
      .default(8)
      .describe("Trials to sample (grids are expanded fully). Default: 8."),
    seed: z.int().min(0).default(0).describe("Seed of trial sampling. Default: 0."),
    metric: z
      .string()
      .default("answer-correctness@1")
      .describe("Judge whose score ranks trials. Default: answer-correctness@1."),
    mode: z.enum(["max", "min"]).default("max").describe("Whether higher or lower is better. Default: max."),
    maxParallel: z
      .int()
      .positive()
      .default(2)
      .describe("Trials running at once (the Actions matrix). Default: 2."),
  })
  .describe("A hyper-parameter sweep.");
export type SweepConfig = z.infer<typeof SweepConfig>;
