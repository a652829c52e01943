// Run manifest: `runs/<id>/run.json`, written by the pipeline. Everything needed to reproduce and
// explain a run: resolved config, commit, dataset lock hash, fingerprints, backend, stage timings.
import { z } from "zod";
import { RunConfig } from "./config.ts";

export const STAGES = ["train", "infer", "judge", "summarize"] as const;
export type Stage = (typeof STAGES)[number];

/** `interrupted`: stopped by Ctrl-C or SIGTERM after saving a checkpoint; the same command resumes it. */
export const RUN_STATUSES = ["pending", "running", "completed", "failed", "interrupted"] as const;

export const StageRecord = z.strictObject({
  status: z.enum(RUN_STATUSES),
  startedAt: z.string().optional().describe("ISO time the stage started."),
  endedAt: z.string().optional().describe("ISO time the stage ended."),
  seconds: z.number().optional().describe("Wall time of the stage in seconds."),
  stoppedAtStep: z
    .int()
    .min(1)
    .optional()
    .describe(
      "train only: stopped early at this step by a sweep rung (`run --stop-at-step`); resumable, not part of the config.",
    ),
});

export const Artifact = z.strictObject({
  name: z.string().describe("What it is, e.g. `model`."),
  uri: z.string().describe("Where it is: `file:artifacts/…`, an Actions artifact or a release asset URL."),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.int().min(0),
});

export const TruncationRecord = z.strictObject({
  examples: z.int().min(0),
  truncated: z.int().min(0).describe("Examples longer than maxLength + 1 tokens, cut."),
  noLoss: z
    .int()
    .min(0)
    .describe("Examples left without a loss-carrying position (the prompt fills the context)."),
  droppedTokens: z.int().min(0).describe("Positions cut off in all."),
  droppedLossTokens: z.int().min(0).describe("Of those, the ones that would have carried loss."),
});

export const RunManifest = z
  .strictObject({
    schemaVersion: z.literal(1),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .describe("Run id = folder name."),
    name: z.string().describe("Config name."),
    configPath: z.string().optional().describe("Config file the run came from, relative to the root."),
    config: RunConfig.describe("The resolved config (defaults, file and overrides applied)."),
    status: z.enum(RUN_STATUSES),
    error: z.strictObject({ stage: z.string(), message: z.string() }).optional().describe("Why it failed."),
    createdAt: z.string(),
    updatedAt: z.string(),
    git: z
      .strictObject({ commit: z.string(), dirty: z.boolean() })
      .optional()
      .describe("Commit the run came from."),
    dataset: z
      .strictObject({
        name: z.string(),
        lockHash: z.string().describe("sha256 of the lock file's bytes when the run trained."),
        splits: z
          .record(
            z.string(),
            z.strictObject({
              items: z.int().min(0),
              sha256: z.string().regex(/^[0-9a-f]{64}$/),
            }),
          )
          .optional()
          .describe(
            "Split → its identity when the run trained: sha256 of the lock's ordered (id, content hash) entries. Inference and judging refuse a split whose identity changed (run/provenance.ts).",
          ),
      })
      .optional(),
    tokenizer: z.strictObject({ kind: z.string(), fingerprint: z.string() }).optional(),
    chatTemplate: z.strictObject({ name: z.string(), fingerprint: z.string() }).optional(),
    backend: z
      .strictObject({
        name: z.string(),
        version: z.string(),
        device: z.string(),
        adapter: z.string().optional().describe("The GPU or WebGPU adapter (vendor, architecture, device)."),
        driver: z.string().optional().describe("Its driver (description and version)."),
        fallbacks: z
          .array(z.string())
          .optional()
          .describe("Backends tried first that could not start, each `<backend>: <reason>`."),
      })
      .optional(),
    versions: z.record(z.string(), z.string()).default({}).describe("Versions of node and key packages."),
    stages: z.record(z.string(), StageRecord).default({}).describe("Stage → status and timing."),
    artifacts: z.array(Artifact).default([]),
    generation: z.record(z.string(), z.unknown()).optional().describe("Generation settings used by infer."),
    model: z
      .strictObject({
        parameters: z.int(),
        family: z.string(),
        method: z.enum(["full", "lora"]).optional().describe("What trained: every weight, or LoRA adapters."),
        trainableParameters: z
          .int()
          .optional()
          .describe("Parameters that trained (the adapters under LoRA)."),
        plannedPeakRssBytes: z
          .int()
          .optional()
          .describe("`model plan`'s peak-RSS estimate for the backend used."),
      })
      .optional()
      .describe("Model size, family and training method."),
    truncation: z
      .strictObject({
        maxLength: z.int().min(1).describe("Positions per example (training.maxLength or model.context)."),
        train: TruncationRecord,
        eval: TruncationRecord,
      })
      .optional()
      .describe(
        "What the cut at the context length did to the training data (train/batching.ts). Absent in runs trained before it was recorded.",
      ),
  })
  .describe("A run manifest (machine-written).");
export type RunManifest = z.infer<typeof RunManifest>;
