// Sweep config `configs/sweeps/<name>.yaml` (people write it) and sweep result
// `runs/sweeps/<name>.json` (`tunix-rt sweep collect` writes it). A sweep is a base run config plus a
// search space over dotted config paths; `sweep expand` turns it into trials (one run config each).
//
// Expansion rule (content/guides/sweeps.md): the `grid` dimensions form a cartesian product (keys
// in file order, values in list order); every grid point is crossed with `trials` samples of the
// sampled dimensions (`choice`, `uniform`, `loguniform`, `randint`, `quniform`). Sample s draws the
// same values at every grid point. No sampled dimension: one trial per grid point.
import { z } from "zod";

const Range = z.tuple([z.number(), z.number()]);

const DIMENSION_KEYS = ["choice", "grid", "uniform", "loguniform", "randint", "quniform"] as const;
export type DimensionKind = (typeof DIMENSION_KEYS)[number];

export const SearchDimension = z
  .strictObject({
    choice: z.array(z.unknown()).optional().describe("Sample one of these values, each equally likely."),
    grid: z
      .array(z.unknown())
      .optional()
      .describe("Try every value (cartesian product with the other grids)."),
    uniform: Range.optional().describe("Real number uniform in [lo, hi]."),
    loguniform: Range.optional().describe("Real number whose logarithm is uniform in [lo, hi]; 0 < lo."),
    randint: z
      .tuple([z.int(), z.int()])
      .optional()
      .describe("Integer in [lo, hi], both bounds inclusive: [1, 3] gives 1, 2 or 3."),
    quniform: z
      .tuple([z.number(), z.number(), z.number()])
      .optional()
      .describe("[lo, hi, q]: one of lo, lo+q, lo+2q, … up to hi, each equally likely; q > 0."),
  })
  .superRefine((d, ctx) => {
    const kinds = DIMENSION_KEYS.filter((k) => d[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `exactly one of ${DIMENSION_KEYS.join(", ")}${kinds.length ? ` (not ${kinds.join(" and ")})` : ""}`,
      });
      return;
    }
    const kind = kinds[0];
    const bad = (message: string) => ctx.addIssue({ code: "custom", path: [kind], message });
    if ((kind === "choice" || kind === "grid") && (d[kind] as unknown[]).length === 0)
      bad("a non-empty list of values");
    const range = kind === "uniform" || kind === "loguniform" || kind === "randint" || kind === "quniform";
    if (range) {
      const [lo, hi] = d[kind] as number[];
      if (lo > hi) bad("lo ≤ hi: the first bound is the lower one");
      if (kind === "loguniform" && lo <= 0) bad("bounds > 0 (a log scale has no zero or negative values)");
      if (kind === "quniform" && !((d.quniform as number[])[2] > 0)) bad("a step q > 0 as the third value");
    }
  })
  .describe("One searched config path: exactly one of the keys.");
export type SearchDimension = z.infer<typeof SearchDimension>;

/** Which kind a dimension is (its one key). */
export function dimensionKind(d: SearchDimension): DimensionKind {
  return DIMENSION_KEYS.find((k) => d[k] !== undefined) ?? "choice";
}

export const SuccessiveHalving = z
  .strictObject({
    kind: z.literal("successive-halving").describe("The scheduler. Required."),
    rungs: z
      .int()
      .min(2)
      .max(8)
      .describe("Rungs, the last at the full budget; rung r stops at steps × eta^(r − rungs + 1). Required."),
    eta: z
      .int()
      .min(2)
      .default(2)
      .describe("Keep the best ⌊n / eta⌋ trials (at least 1) of each rung. Default: 2."),
  })
  .describe("Successive halving: train all trials briefly, continue only the best, rung by rung.");

export const METRIC_EVAL_LOSS = "eval-loss";

export const SweepConfig = z
  .preprocess(
    (v) =>
      v !== null && typeof v === "object" && !Array.isArray(v) && !("mode" in v)
        ? { ...v, mode: (v as { metric?: unknown }).metric === METRIC_EVAL_LOSS ? "min" : "max" }
        : v,
    z.strictObject({
      schemaVersion: z.literal(1),
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]*$/)
        .describe("Sweep name (the file name). Required."),
      description: z.string().optional().describe("One line for the site. Optional."),
      base: z.string().describe("Path of the base run config, relative to the repository root. Required."),
      space: z
        .record(z.string(), SearchDimension)
        .describe("Dotted config path → dimension, e.g. `training.lr: { loguniform: [1e-4, 1e-2] }`."),
      trials: z
        .int()
        .positive()
        .default(8)
        .describe("Samples of the sampled dimensions per grid point. Default: 8."),
      seed: z.int().min(0).default(0).describe("Seed of trial sampling. Default: 0."),
      metric: z
        .string()
        .regex(/^(eval-loss|[a-z0-9-]+@\d+)$/)
        .default("answer-correctness@1")
        .describe(
          "What ranks trials: a judge of the base config, or `eval-loss`. Default: answer-correctness@1.",
        ),
      mode: z
        .enum(["max", "min"])
        .describe("Whether higher or lower is better. Default: min for eval-loss, else max."),
      maxParallel: z
        .int()
        .positive()
        .default(2)
        .describe("Trials running at once (the Actions matrix's max-parallel). Default: 2."),
      scheduler: SuccessiveHalving.optional().describe(
        "Early stopping. Default: none (every trial in full).",
      ),
    }),
  )
  .describe("A hyper-parameter sweep.");
export type SweepConfig = z.infer<typeof SweepConfig>;

export const TRIAL_STATUSES = ["completed", "stopped", "failed", "missing"] as const;

export const RungRecord = z.strictObject({
  rung: z.int().min(0),
  step: z.int().min(1),
  evalLoss: z.number().describe("Eval loss at that step: what ranks trials at a rung."),
});

export const SweepTrialResult = z.strictObject({
  id: z.string().describe("Trial id, e.g. `t003` (stable: sample index × grid points + grid index)."),
  run: z.string().describe("Run id of the trial (`runs/<run>/`)."),
  params: z.record(z.string(), z.unknown()).describe("Searched path → value."),
  status: z
    .enum(TRIAL_STATUSES)
    .describe(
      "completed (every stage), stopped (at a rung, not promoted), failed (see error), missing (no run folder).",
    ),
  score: z.number().nullable().describe("The sweep's metric at the full budget (null: none)."),
  ci95: z.tuple([z.number(), z.number()]).nullable().describe("Wilson 95% interval of a judge score."),
  evalLoss: z.number().nullable().describe("The last eval loss the trial reached."),
  steps: z.int().min(0).describe("Optimizer steps trained."),
  rungs: z.array(RungRecord).describe("Eval loss at each rung the trial reached (successive halving)."),
  rank: z.int().min(1).nullable().describe("1 = best among the scored trials; null: not scored."),
  error: z.strictObject({ stage: z.string(), message: z.string() }).optional(),
});
export type SweepTrialResult = z.infer<typeof SweepTrialResult>;

export const SweepResult = z
  .strictObject({
    schemaVersion: z.literal(1),
    sweep: z.string().describe("Sweep name."),
    file: z.string().describe("The sweep config, repository-relative."),
    sweepHash: z.string().describe("sha256 of the resolved sweep config: a changed sweep makes this stale."),
    base: z.string(),
    metric: z.string(),
    mode: z.enum(["max", "min"]),
    scheduler: z
      .strictObject({
        kind: z.literal("successive-halving"),
        rungs: z.int(),
        eta: z.int(),
        rungSteps: z.array(z.int()).describe("Step at which each rung stops."),
      })
      .optional(),
    trials: z.array(SweepTrialResult),
    best: z
      .strictObject({ trial: z.string(), run: z.string(), score: z.number() })
      .nullable()
      .describe("Best scored trial: by the metric, then lower eval loss, then trial id."),
    steps: z
      .strictObject({
        trained: z.int().min(0).describe("Steps all trials trained."),
        full: z.int().min(0).describe("Steps the same trials would train without early stopping."),
        saved: z.int().min(0).describe("full − trained."),
      })
      .describe("Training steps, and what successive halving saved."),
  })
  .describe("A sweep's result (machine-written by `tunix-rt sweep collect`).");
export type SweepResult = z.infer<typeof SweepResult>;
