// Dataset manifest: `datasets/<name>.yaml`, written by people. Which traces, filtered how, split how.
// `tunix-rt dataset build <name>` resolves it into `datasets/<name>.lock.json` (schemas/lock.ts).
import { z } from "zod";

export const DATASET_NAME = /^[a-z0-9][a-z0-9._-]*$/;

const Range = z.strictObject({
  min: z.number().optional().describe("Inclusive lower bound. Optional."),
  max: z.number().optional().describe("Inclusive upper bound. Optional."),
});

export const DatasetFilters = z
  .strictObject({
    source: z
      .array(z.string())
      .optional()
      .describe("Keep traces whose `source` is one of these. Default: all."),
    category: z
      .array(z.string())
      .optional()
      .describe(
        "Keep traces whose `category` is one of these, or starts with one followed by `/`. Default: all.",
      ),
    difficulty: Range.optional().describe("Keep traces with difficulty in [min, max]. Default: all."),
    steps: Range.optional().describe("Keep traces whose number of steps is in [min, max]. Default: all."),
    promptChars: Range.optional().describe("Keep traces whose prompt length in characters is in [min, max]."),
    tagsAny: z.array(z.string()).optional().describe("Keep traces with at least one of these tags."),
    tagsAll: z.array(z.string()).optional().describe("Keep traces with all of these tags."),
    tagsNone: z.array(z.string()).optional().describe("Drop traces with any of these tags."),
  })
  .describe("Filters, all of which must hold. Default: keep everything.");
export type DatasetFilters = z.infer<typeof DatasetFilters>;

export const DatasetSplit = z
  .union([
    z.strictObject({
      ratios: z
        .record(z.string().regex(/^[a-z][a-z0-9_-]*$/), z.number().positive())
        .describe("Split name → share; normalised to sum 1, e.g. `{train: 0.9, eval: 0.1}`."),
      stratify: z
        .enum(["source", "category", "difficulty"])
        .optional()
        .describe("Split each group of this field by the ratios, so every split has the same mix. Optional."),
    }),
    z.strictObject({
      evalFiles: z
        .array(z.string())
        .min(1)
        .describe("Globs of trace files whose traces form the `eval` split; the rest are `train`."),
    }),
  ])
  .describe("How traces are split. Default: `{ratios: {train: 0.9, eval: 0.1}}`.");
export type DatasetSplit = z.infer<typeof DatasetSplit>;

export const DatasetManifest = z
  .strictObject({
    schemaVersion: z.literal(1).describe("Always 1."),
    name: z.string().regex(DATASET_NAME).describe("Must equal the file name without `.yaml`. Required."),
    description: z.string().optional().describe("One line for the site. Optional."),
    sources: z
      .array(z.string().min(1))
      .min(1)
      .describe("Globs of trace files, relative to the repository root, e.g. `traces/synthetic/*.jsonl`."),
    filters: DatasetFilters.default({}),
    limit: z
      .int()
      .positive()
      .optional()
      .describe("Keep at most this many traces (a seeded sample). Optional."),
    seed: z.int().min(0).default(0).describe("Seed of sampling and splitting. Default: 0."),
    split: DatasetSplit.default({ ratios: { train: 0.9, eval: 0.1 } }),
    dedupe: z
      .boolean()
      .default(true)
      .describe("Drop traces whose content hash repeats an earlier one (first by id wins). Default: true."),
    format: z
      .strictObject({
        trace: z
          .string()
          .default("numbered")
          .describe("Trace format of completions (`numbered` or `tagged`). Default: `numbered`."),
        system: z
          .string()
          .optional()
          .describe("Instruction put before every prompt in the user turn. Optional."),
      })
      .default({ trace: "numbered" })
      .describe("How prompts and completions are written for training. Default: numbered, no system text."),
  })
  .describe("A dataset manifest.");
export type DatasetManifest = z.infer<typeof DatasetManifest>;
