// Model families: one frozen table, family name → how to open the model a run config names (fresh
// weights, or a folder), how to load an exported folder, and which projections LoRA adapts by
// default. Trainer, generator, checkpoints and benches only see `CausalLM` (causal-lm.ts).
//
//   const model = await FAMILIES[cfg.model.family].open(cfg.model, { root, vocabSize, seed });
//   const model = await familyOfModelType(json.model_type).load(dir, json);

import { readFileSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { pathInRepo } from "../io/confine.ts";
import type { RunConfig } from "../schemas/config.ts";
import type { CausalLM, ModelDims } from "./causal-lm.ts";
import { parseGemma3Config } from "./families/gemma3-config.ts";
import {
  GEMMA3_LORA_TARGETS,
  gemma3TokenizerSpec,
  loadGemma3Dir,
  openGemma3Run,
  storeFolder,
} from "./families/gemma3-family.ts";
import { gemma3ParamSpecs } from "./families/gemma3-weights.ts";
import {
  buildGpt,
  createGpt,
  gptConfigFrom,
  gptConfigFromJson,
  gptLinearModules,
  gptParamShapes,
} from "./families/gpt.ts";
import { readModelConfigJson } from "./folder-json.ts";
import type { LinearModule } from "./lora.ts";
import { loadTensorFile } from "./tensor-file.ts";
import type { TokenizerSpec } from "./tokenizers/index.ts";

export type ModelConfig = RunConfig["model"];
export type GptModelConfig = Extract<ModelConfig, { family: "gpt" }>;
export type Gemma3ModelConfig = Extract<ModelConfig, { family: "gemma3" }>;

export interface OpenOptions {
  /** Repository root (relative weight folders resolve against it). */
  root: string;
  /** Vocabulary of the run's tokenizer (families trained from scratch size their embedding by it). */
  vocabSize: number;
  seed: number;
}

/** A model's shapes without its weights: what `model plan` needs. */
export interface ModelShape {
  dims: ModelDims;
  parameters: number;
  linearModules: ReadonlyMap<string, LinearModule>;
}

export interface ModelFamily {
  name: ModelConfig["family"];
  summary: string;
  /** The model a run config starts from. */
  open(model: ModelConfig, o: OpenOptions): Promise<CausalLM>;
  /** A model from an exported folder: its parsed config.json and weight files in `dir`. */
  load(dir: string, json: Record<string, unknown>): Promise<CausalLM>;
  /** Shapes of the model a run config names, without loading or initialising weights. */
  describe(model: ModelConfig, o: Omit<OpenOptions, "seed">): ModelShape;
  /** The tokenizer a run config's model block uses (an absolute `path` when it lives outside the repository). */
  tokenizerSpec(model: ModelConfig): TokenizerSpec;
  /** LoRA target modules when `training.lora.targetModules` is not set. */
  defaultLoraTargets: readonly string[];
}

const gpt: ModelFamily = {
  name: "gpt",
  summary:
    "small pre-norm GPT decoder trained from scratch (learned or rotary positions, optional GQA and sliding window)",
  async open(model, o) {
    const m = model as GptModelConfig;
    if (m.weights) {
      const dir = pathInRepo(o.root, m.weights, { field: "model.weights" });
      return this.load(dir, readModelConfigJson(dir));
    }
    return createGpt(gptConfigFrom(m, o.vocabSize), o.seed);
  },
  async load(dir, json) {
    const { tensors } = loadTensorFile(path.join(dir, "model.safetensors"));
    return buildGpt(gptConfigFromJson(json), new Map([...tensors].map(([k, t]) => [k, t.values] as const)));
  },
  describe(model, o) {
    const m = model as GptModelConfig;
    const c = m.weights
      ? gptConfigFromJson(
          JSON.parse(
            readFileSync(
              path.join(pathInRepo(o.root, m.weights, { field: "model.weights" }), "config.json"),
              "utf8",
            ),
          ),
        )
      : gptConfigFrom(m, o.vocabSize);
    const parameters = gptParamShapes(c).reduce((a, [, shape]) => a + shape.reduce((x, y) => x * y, 1), 0);
    const kvHeads = c.kvHeads ?? c.heads;
    const dims = {
      vocab: c.vocabSize,
      context: c.context,
      layers: c.layers,
      heads: c.heads,
      kvHeads,
      headDim: c.dModel / c.heads,
      hidden: c.dModel,
      intermediate: c.mlpHidden,
    };
    return { dims, parameters, linearModules: gptLinearModules(c) };
  },
  tokenizerSpec: (model) => (model as GptModelConfig).tokenizer,
  defaultLoraTargets: ["attn.qkv", "attn.proj", "mlp.fc", "mlp.proj"],
};

const gemma3: ModelFamily = {
  name: "gemma3",
  summary: "Gemma 3 (text) from a Hugging Face folder in the model store (full fine-tune or LoRA)",
  open: async (model) => openGemma3Run(model as Gemma3ModelConfig),
  load: async (dir, json) => loadGemma3Dir(dir, json),
  describe(model) {
    const m = model as Gemma3ModelConfig;
    const folder = storeFolder(m.weights);
    const c = parseGemma3Config(
      JSON.parse(readFileSync(path.join(folder.dir, "config.json"), "utf8")),
      `${folder.display}/config.json`,
    );
    const specs = gemma3ParamSpecs(c);
    const linearModules = new Map<string, LinearModule>();
    for (const s of specs)
      if (s.linear) linearModules.set(s.name.replace(/\.weight$/, ""), { in: s.shape[0], out: s.shape[1] });
    const dims = {
      vocab: c.vocabSize,
      context: Math.min(m.context, c.maxPositions),
      layers: c.layers,
      heads: c.heads,
      kvHeads: c.kvHeads,
      headDim: c.headDim,
      hidden: c.hidden,
      intermediate: c.intermediate,
    };
    return {
      dims,
      parameters: specs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0),
      linearModules,
    };
  },
  tokenizerSpec: (model) => gemma3TokenizerSpec(model as Gemma3ModelConfig),
  defaultLoraTargets: GEMMA3_LORA_TARGETS,
};

export const FAMILIES: Readonly<Record<ModelConfig["family"], ModelFamily>> = Object.freeze({ gpt, gemma3 });

/** The family of a config.json `model_type`. */
export function familyOfModelType(modelType: unknown): ModelFamily {
  if (modelType === "tunix-gpt") return FAMILIES.gpt;
  if (modelType === "gemma3" || modelType === "gemma3_text") return FAMILIES.gemma3;
  throw new TunixError("E_SCHEMA", {
    file: "config.json",
    field: "model_type",
    expected: "tunix-gpt, gemma3 or gemma3_text",
    found: String(modelType),
  });
}
