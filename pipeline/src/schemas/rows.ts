// Row schemas of the per-run JSONL files: metrics, predictions, verdicts.
import { z } from "zod";

export const TrainMetricsRow = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal("train"),
  step: z.int().min(0),
  epoch: z.number().min(0),
  loss: z.number(),
  lr: z.number(),
  gradNorm: z.number(),
  tokens: z.int().min(0).describe("Loss-carrying tokens seen so far."),
  tokensPerS: z.number().describe("Throughput over the logging window (all tokens processed)."),
  tokenAccuracy: z.number().min(0).max(1),
  elapsedS: z.number().min(0),
});
export const EvalMetricsRow = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal("eval"),
  step: z.int().min(0),
  epoch: z.number().min(0),
  evalLoss: z.number(),
  evalTokenAccuracy: z.number().min(0).max(1),
  elapsedS: z.number().min(0),
});
export const MetricsRow = z.discriminatedUnion("kind", [TrainMetricsRow, EvalMetricsRow]);
export type MetricsRow = z.infer<typeof MetricsRow>;

/** One generation of an item sampled k times. */
export const PredictionSample = z.strictObject({
  output: z.string(),
  finishReason: z.enum(["stop", "length"]),
  outputTokens: z.int().min(0),
});

export const PredictionRow = z.strictObject({
  schemaVersion: z.literal(1),
  id: z.string().describe("Trace id of the item."),
  prompt: z.string(),
  output: z.string().describe("Raw generated text, stop string excluded."),
  finishReason: z.enum(["stop", "length"]),
  gold: z.string().describe("The trace's answer."),
  source: z.string(),
  category: z.string().optional(),
  difficulty: z.int().optional(),
  goldSteps: z.int().min(0).describe("Number of steps of the gold trace."),
  promptTokens: z.int().min(0).describe("Prompt tokens fed to the model, bos included."),
  promptTruncatedTokens: z
    .int()
    .min(1)
    .optional()
    .describe(
      "Tokens cut from the prompt's start because the model's context could not hold it with room for one new token. Absent: none.",
    ),
  outputTokens: z.int().min(0),
  samples: z
    .array(PredictionSample)
    .min(2)
    .optional()
    .describe(
      "Every generation of the item under `inference.samples: k` (k ≥ 2), in sample order; `output`, `finishReason` and `outputTokens` above are the first. Absent: one generation.",
    ),
  ms: z.number().min(0).describe("Generation time of the batch share of this item (all its samples)."),
});
export type PredictionRow = z.infer<typeof PredictionRow>;

export const VerdictRow = z.strictObject({
  schemaVersion: z.literal(1),
  id: z.string(),
  judge: z.string().regex(/^[a-z0-9-]+@\d+$/),
  correct: z.boolean(),
  extracted: z.string().nullable().describe("The answer taken from the prediction (null: none)."),
  gold: z.string().nullable().describe("The gold answer as extracted."),
  rule: z.string().describe("The extraction rule that fired."),
  comparison: z.string().describe("How the two were compared (rational, numeric, text, …)."),
  applicable: z
    .literal(false)
    .optional()
    .describe(
      "false: the judge found nothing to judge (step-arithmetic@2: no calculation); the item counts towards the judge's coverage, not its score, and `correct` is false. Absent: applicable.",
    ),
  details: z.record(z.string(), z.unknown()).default({}),
  samples: z
    .array(z.strictObject({ correct: z.boolean(), extracted: z.string().nullable() }))
    .min(2)
    .optional()
    .describe(
      "The judge's verdict on each sample of a sampled item, in sample order (the fields above are the first sample's); summaries compute pass@k and maj@k from them. Absent: one generation.",
    ),
});
export type VerdictRow = z.infer<typeof VerdictRow>;
