// Dataset lock: `datasets/<name>.lock.json`, written by `tunix-rt dataset build`. The resolved trace
// ids with content hashes per split, the manifest hash and composition stats. Stale locks fail CI.
import { z } from "zod";

export const LockEntry = z.strictObject({
  id: z.string().describe("Trace id."),
  hash: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .describe("First 16 hex digits of the trace's content hash."),
});

export const LengthStats = z.strictObject({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
});
export type LengthStats = z.infer<typeof LengthStats>;

export const SplitStats = z.strictObject({
  count: z.int().describe("Traces in the split."),
  bySource: z.record(z.string(), z.int()).describe("Count per `source`."),
  byCategory: z.record(z.string(), z.int()).describe("Count per `category` (`(none)` when absent)."),
  byDifficulty: z.record(z.string(), z.int()).describe("Count per difficulty (`(none)` when absent)."),
  steps: z.record(z.string(), z.int()).describe("Histogram: number of steps → count."),
  promptChars: LengthStats.describe("Prompt length in characters."),
  completionChars: LengthStats.describe("Rendered completion length in characters."),
  promptTokens: LengthStats.describe("Rendered chat prompt length in byte-level tokens."),
  completionTokens: LengthStats.describe("Rendered completion length in byte-level tokens."),
});
export type SplitStats = z.infer<typeof SplitStats>;

export const SplitContamination = z.strictObject({
  items: z.int().min(0).describe("Items of the split."),
  exact: z.int().min(0).describe("Items whose normalised question equals a reference item's."),
  ngram: z
    .int()
    .min(0)
    .describe("Items sharing at least one run of `ngramWords` normalised words with a reference item."),
  any: z.int().min(0).describe("Items flagged by either test."),
  short: z.int().min(0).describe("Items shorter than `ngramWords` words: only the exact test applies."),
  referenceItems: z.int().min(0).describe("Reference items that overlap at least one item of the split."),
});
export type SplitContamination = z.infer<typeof SplitContamination>;

export const LockContamination = z
  .strictObject({
    reference: z.string().describe("The split every other split is compared with (`train`)."),
    ngramWords: z.int().min(1).describe("Words per n-gram (13, as lm-evaluation-harness)."),
    splits: z.record(z.string(), SplitContamination).describe("Split name → its overlap with the reference."),
  })
  .describe(
    "Overlap of each split's questions with the train split (dataset/contamination.ts): derived figures, not part of the dataset's identity. Absent in locks written before it existed, and for datasets without a train split and another split.",
  );
export type LockContamination = z.infer<typeof LockContamination>;

export const DatasetLock = z
  .strictObject({
    schemaVersion: z.literal(1),
    name: z.string().describe("Dataset name."),
    manifestHash: z.string().describe("sha256 of the manifest as parsed (defaults applied)."),
    seed: z.int(),
    candidates: z.int().describe("Traces read from the sources before filters."),
    duplicates: z.int().describe("Traces dropped as duplicates of an earlier content hash."),
    splits: z.record(z.string(), z.array(LockEntry)).describe("Split name → ordered entries."),
    stats: z.record(z.string(), SplitStats).describe("Split name → composition."),
    contamination: LockContamination.optional(),
  })
  .describe("A resolved dataset (machine-written).");
export type DatasetLock = z.infer<typeof DatasetLock>;
