// Run config: `configs/runs/<name>.yaml`, written by people. Layering, lowest first: the defaults
// below → the file → `--set key=value` on the command line. Unknown keys are errors everywhere,
// and every key here is read by the stage named in its description.
import { z } from "zod";

export const DEVICES = ["auto", "gpu", "webgpu", "cpu-native", "wasm", "cpu"] as const;

export const TokenizerConfig = z
  .strictObject({
    kind: z
      .enum(["byte", "bpe", "hf"])
      .default("byte")
      .describe("`byte` (default), `bpe` (trained by the project) or `hf` (a `tokenizer.json` folder)."),
    path: z
      .string()
      .optional()
      .describe("Folder holding `tokenizer.json` for `hf`, or a trained `bpe`. Optional."),
    vocabSize: z
      .int()
      .min(260)
      .max(65536)
      .default(1024)
      .describe("Vocabulary size when training a `bpe` tokenizer. Default: 1024."),
  })
  .prefault({});

const weightsKey = z
  .string()
  .optional()
  .describe(
    "Folder with `config.json` + `model.safetensors` to start from (repository-relative). Optional; default: random init.",
  );

export const GptModelConfig = z
  .strictObject({
    family: z.literal("gpt").describe("Architecture family: a small decoder trained from scratch."),
    weights: weightsKey,
    tokenizer: TokenizerConfig,
    layers: z.int().min(1).max(256).default(4).describe("Decoder blocks. Default: 4."),
    dModel: z.int().min(8).max(16384).default(128).describe("Hidden width. Default: 128."),
    heads: z.int().min(1).max(256).default(4).describe("Attention heads (must divide dModel). Default: 4."),
    kvHeads: z
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe("Key/value heads for grouped-query attention (must divide heads). Default: heads."),
    mlpRatio: z
      .number()
      .positive()
      .max(64)
      .default(4)
      .describe("MLP width as a multiple of dModel. Default: 4."),
    context: z
      .int()
      .min(8)
      .max(131072)
      .default(256)
      .describe("Maximum sequence length in tokens. Default: 256."),
    positions: z
      .enum(["learned", "rotary"])
      .default("learned")
      .describe("Position encoding. Default: `learned`."),
    rotaryBase: z
      .number()
      .positive()
      .optional()
      .describe("Base of the rotary frequencies (positions: rotary). Default: 10000."),
    slidingWindow: z
      .int()
      .min(1)
      .optional()
      .describe(
        "Sliding attention window on every layer, the token itself included. Default: none (full causal).",
      ),
    tieEmbeddings: z
      .boolean()
      .default(true)
      .describe("Share input embedding and output head. Default: true."),
  })
  .describe("The GPT family's model block.");

export const Gemma3ModelConfig = z
  .strictObject({
    family: z.literal("gemma3").describe("Gemma 3 (text) from a Hugging Face folder."),
    weights: z
      .string()
      .min(1)
      .describe(
        "Name of a Hugging Face model folder in the model store (`$TUNIX_MODEL_STORE`), e.g. `google/gemma-3-270m`. Required.",
      ),
    tokenizer: z
      .strictObject({
        kind: z.literal("hf").default("hf").describe("Always `hf`."),
        path: z
          .string()
          .optional()
          .describe(
            "A model store folder (store-relative, like `weights`) holding `tokenizer.json`. Default: the weights folder.",
          ),
      })
      .optional()
      .describe("Tokenizer. Default: the weights folder's `tokenizer.json`."),
    context: z
      .int()
      .min(8)
      .max(131072)
      .default(512)
      .describe("Longest sequence used for training and generation (at most the model's). Default: 512."),
  })
  .describe("The Gemma 3 family's model block; the architecture comes from the folder's config.json.");

export const MODEL_FAMILIES = ["gpt", "gemma3"] as const;

/** `model`: a discriminated union on `family` (default `gpt`), so each family has its own keys. */
export const ModelConfig = z
  .preprocess(
    (v) =>
      v !== null && typeof v === "object" && !Array.isArray(v) && !("family" in v)
        ? { ...v, family: "gpt" }
        : v,
    z.discriminatedUnion("family", [GptModelConfig, Gemma3ModelConfig], {
      error: (iss) =>
        iss.code === "invalid_union" ? `expected a family among ${MODEL_FAMILIES.join(", ")}` : undefined,
    }),
  )
  .prefault({});

export const LoraConfig = z
  .strictObject({
    r: z.int().min(1).max(1024).default(8).describe("Adapter rank. Default: 8."),
    alpha: z.number().positive().default(16).describe("Scaling numerator: scaling = alpha / r. Default: 16."),
    dropout: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe("Dropout on the adapter input while training. Default: 0."),
    targetModules: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        "Projections to adapt, by module name or suffix (gpt: attn.qkv, attn.proj, mlp.fc, mlp.proj; gemma3: q_proj … down_proj). Default: every projection of the family.",
      ),
    rslora: z.boolean().default(false).describe("Rank-stabilised scaling alpha / √r. Default: false."),
  })
  .describe("LoRA adapters (training.method: lora).");
export type LoraConfig = z.infer<typeof LoraConfig>;

/** A config's LoRA settings with the defaults filled in (`training.lora` may be absent). */
export function loraSettingsOf(training: { lora?: LoraConfig }): LoraConfig {
  return training.lora ?? LoraConfig.parse({});
}

export const DatasetRef = z.strictObject({
  name: z.string().describe("Dataset name: `datasets/<name>.yaml` must exist. Required."),
  trainSplit: z.string().default("train").describe("Split to train on. Default: `train`."),
  evalSplit: z.string().default("eval").describe("Split for eval loss and inference. Default: `eval`."),
  evalLimit: z
    .int()
    .positive()
    .optional()
    .describe("Use at most this many eval items. Optional; default: all."),
});

export const TrainingConfig = z
  .strictObject({
    steps: z
      .int()
      .positive()
      .max(10_000_000)
      .optional()
      .describe("Optimizer steps (at most 10,000,000). One of `steps`/`epochs`; default: 1 epoch."),
    epochs: z
      .number()
      .positive()
      .max(100_000)
      .optional()
      .describe("Passes over the train split (fractions allowed; at most 100,000)."),
    batchSize: z.int().positive().default(8).describe("Sequences per micro-batch. Default: 8."),
    gradAccumSteps: z
      .int()
      .positive()
      .max(1024)
      .default(1)
      .describe("Micro-batches per optimizer step (at most 1024). Default: 1."),
    lr: z.number().positive().default(3e-4).describe("Peak learning rate. Default: 3e-4."),
    schedule: z
      .enum(["cosine", "linear", "constant"])
      .default("cosine")
      .describe("Decay after warmup. Default: cosine."),
    warmupSteps: z.int().min(0).default(0).describe("Linear warmup steps. Default: 0."),
    minLrRatio: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe("Final lr as a fraction of `lr`. Default: 0.1."),
    weightDecay: z.number().min(0).default(0.1).describe("AdamW decoupled weight decay. Default: 0.1."),
    beta1: z.number().min(0).max(1).default(0.9).describe("AdamW β1. Default: 0.9."),
    beta2: z.number().min(0).max(1).default(0.95).describe("AdamW β2. Default: 0.95."),
    eps: z.number().positive().default(1e-8).describe("AdamW ε. Default: 1e-8."),
    clipGradNorm: z
      .number()
      .min(0)
      .default(1)
      .describe("Clip gradients by global norm (0 = off). Default: 1."),
    maxLength: z
      .int()
      .positive()
      .optional()
      .describe("Truncate examples to this many tokens. Default: model.context."),
    loss: z
      .enum(["completion", "all"])
      .default("completion")
      .describe("Which tokens carry loss. Default: completion only."),
    packing: z
      .boolean()
      .default(false)
      .describe("Pack several examples per sequence (no cross-attention). Default: false."),
    logEvery: z.int().positive().default(10).describe("Write a metrics row every N steps. Default: 10."),
    evalEvery: z
      .int()
      .min(0)
      .default(0)
      .describe("Eval loss every N steps (0 = only at the end). Default: 0."),
    evalBatches: z.int().positive().default(4).describe("Batches of the eval split per eval. Default: 4."),
    checkpointEvery: z
      .int()
      .min(0)
      .default(0)
      .describe("Checkpoint every N steps (0 = only at the end). Default: 0."),
    keepCheckpoints: z.int().positive().default(2).describe("Keep the last K checkpoints. Default: 2."),
    device: z.enum(DEVICES).default("auto").describe("Tensor backend. Default: `auto` (best available)."),
    activationCheckpointing: z
      .boolean()
      .default(false)
      .describe(
        "Keep only each block's input during forward and recompute the block in backward: far less memory, one more forward pass. Default: false.",
      ),
    method: z
      .enum(["full", "lora"])
      .default("full")
      .describe("`full` trains every weight; `lora` trains low-rank adapters only. Default: full."),
    lora: LoraConfig.optional().describe(
      "LoRA settings (method: lora). Default: r 8, alpha 16, every projection.",
    ),
  })
  .refine((t) => t.steps === undefined || t.epochs === undefined, {
    message: "`steps` or `epochs`, not both",
    path: ["epochs"],
  })
  .refine((t) => t.lora === undefined || t.method === "lora", {
    message: "`lora` settings need `method: lora`",
    path: ["lora"],
  })
  .prefault({});

/** One more evaluation of a run: a dataset split, optionally with its own decoding settings. */
export const EvalEntry = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .optional()
    .describe("Folder name under runs/<id>/evals/. Default: `<dataset>-<split>`."),
  dataset: z.string().min(1).describe("Dataset name: `datasets/<name>.yaml` with a built lock. Required."),
  split: z.string().optional().describe("Split to generate for. Default: `eval`."),
  limit: z.int().positive().optional().describe("Use at most this many items. Default: all."),
  maxNewTokens: z.int().positive().optional().describe("Default: inference.maxNewTokens."),
  decoding: z.enum(["greedy", "sample"]).optional().describe("Default: inference.decoding."),
  temperature: z.number().positive().optional().describe("Default: inference.temperature."),
  topK: z.int().min(0).optional().describe("Default: inference.topK."),
  topP: z.number().gt(0).max(1).optional().describe("Default: inference.topP."),
  samples: z.int().min(1).max(1024).optional().describe("Generations per item. Default: inference.samples."),
});
export type EvalEntry = z.infer<typeof EvalEntry>;

export const InferenceConfig = z
  .strictObject({
    split: z.string().optional().describe("Split to generate for. Default: dataset.evalSplit."),
    maxNewTokens: z
      .int()
      .positive()
      .max(131072)
      .default(128)
      .describe("Tokens to generate at most (at most 131,072, the longest context). Default: 128."),
    decoding: z.enum(["greedy", "sample"]).default("greedy").describe("Default: greedy."),
    temperature: z.number().positive().default(1).describe("Sampling temperature. Default: 1."),
    topK: z.int().min(0).default(0).describe("Keep the K most likely tokens (0 = off). Default: 0."),
    topP: z.number().gt(0).max(1).default(1).describe("Nucleus sampling mass (1 = off). Default: 1."),
    stop: z
      .array(z.string())
      .default([])
      .describe("Extra stop strings (the chat end-of-turn always stops). Default: none."),
    batchSize: z
      .int()
      .positive()
      .max(4096)
      .default(16)
      .describe("Prompts decoded together (at most 4096). Default: 16."),
    samples: z
      .int()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        "Generations per item (needs decoding: sample): predictions keep every sample; judges add pass@k and maj@k. Optional; default: one.",
      ),
    evals: z
      .array(EvalEntry)
      .optional()
      .describe(
        "More evaluations of the trained model, each into runs/<id>/evals/<name>/: `tunix-rt run` makes them after the run's own eval (or one at a time: `tunix-rt infer <run> --eval <name>`, then `judge`). Not part of the run id: adding one and running the config again evaluates the same trained run. Optional; default: none.",
      ),
  })
  .prefault({});

export const RunConfig = z
  .strictObject({
    schemaVersion: z.literal(1).describe("Always 1."),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .optional()
      .describe("Run name; default: the file name."),
    description: z.string().optional().describe("One line for the site. Optional."),
    tags: z
      .array(z.string())
      .default([])
      .describe("Labels shown and filterable on the leaderboard. Default: none."),
    seed: z.int().min(0).default(0).describe("Seed of init, data order, dropout and sampling. Default: 0."),
    model: ModelConfig,
    dataset: DatasetRef,
    training: TrainingConfig,
    inference: InferenceConfig,
    judges: z
      .array(z.string().regex(/^[a-z0-9-]+@\d+$/))
      .default(["answer-correctness@1", "format@1", "step-arithmetic@2"])
      .describe("Judges to run, as `name@version`. Default: answer-correctness, format, step-arithmetic."),
    artifacts: z
      .strictObject({
        dir: z
          .string()
          .default("artifacts")
          .describe("Local artifact store for weights (git-ignored). Default: `artifacts`."),
      })
      .default({ dir: "artifacts" }),
  })
  .describe("A run config.");
export type RunConfig = z.infer<typeof RunConfig>;
export type RunConfigInput = z.input<typeof RunConfig>;

/**
 * Keys added after runs were committed, with their defaults. A run id hashes the resolved config
 * without these keys when they hold their default, so adding a key never renames existing runs.
 */
export const LATE_DEFAULTS: readonly (readonly [
  section: "model" | "training",
  key: string,
  value: unknown,
])[] = Object.freeze([
  ["training", "method", "full"],
  ["training", "activationCheckpointing", false],
]);

/**
 * The config as its run id sees it: late-added keys at their defaults are left out, and so is
 * `inference.evals` — more evaluations of the trained model change neither its weights nor its own
 * predictions, so listing one more and running the config again evaluates the same run.
 */
export function identityConfig(config: RunConfig): RunConfig {
  const out = { ...config, model: { ...config.model }, training: { ...config.training } } as RunConfig;
  for (const [section, key, value] of LATE_DEFAULTS) {
    const block = out[section] as Record<string, unknown>;
    if (block[key] === value) delete block[key];
  }
  if (out.inference?.evals !== undefined) {
    const { evals: _evals, ...inference } = out.inference;
    out.inference = inference as RunConfig["inference"];
  }
  return out;
}
