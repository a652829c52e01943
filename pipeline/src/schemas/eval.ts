// Eval manifest: `runs/<id>/evals/<name>/eval.json`, written by `tunix-rt infer <run> --eval <name>`
// (or `--dataset <name>`). One more evaluation of a trained run — another dataset or split, or other
// decoding settings (sampling with k samples) — kept beside the run's own eval, with its own
// predictions.jsonl, verdicts.jsonl and eval_summary.json in the same folder.
import { z } from "zod";
import { StageRecord } from "./run.ts";

export const EvalManifest = z
  .strictObject({
    schemaVersion: z.literal(1),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .describe("The eval's name = its folder name under runs/<id>/evals/."),
    run: z.string().describe("The run whose model was evaluated (its folder name)."),
    dataset: z
      .strictObject({
        name: z.string().describe("Eval dataset (`datasets/<name>.yaml`)."),
        split: z.string(),
        lockHash: z.string().describe('sha256 of the dataset lock the items came from ("" when none).'),
        limit: z.int().positive().optional().describe("At most this many items were used."),
      })
      .describe("What was evaluated on."),
    generation: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Generation settings, backend and item count, as run.json records them for the run's own eval.",
      ),
    model: z
      .strictObject({
        dir: z.string().describe("Model folder used, repository-relative (or its folder name when outside)."),
        weightsSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .describe("sha256 of the folder's weights (model.safetensors; for several files, of their list)."),
        sameAsRun: z
          .boolean()
          .describe("true: the weights are the run's own (its run.json artifact); false: another model."),
      })
      .optional()
      .describe("The model that generated the predictions."),
    note: z.string().optional().describe("Free text shown with the eval (who ran it, on what, and why)."),
    status: z.enum(["pending", "running", "completed", "failed"]),
    error: z.strictObject({ stage: z.string(), message: z.string() }).optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    stages: z
      .record(z.string(), StageRecord)
      .default({})
      .describe("infer, judge, summarize → status and timing."),
  })
  .describe("An extra evaluation of a run (machine-written).");
export type EvalManifest = z.infer<typeof EvalManifest>;
