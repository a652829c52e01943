// Model families: one frozen table, family name → how to create a model, rebuild it from a
// Hugging Face–style folder and describe it in that folder's config.json. Adding Gemma 3 = one row
// here plus its module; the trainer and generator only see the `DecoderModel` interface.
import { TunixError } from "../errors.ts";
import type { RunConfig } from "../schemas/config.ts";

type ModelConfig = RunConfig["model"];

import { buildGpt, createGpt, type GptConfig, type GptModel, gptConfigFrom } from "./gpt.ts";

/** What trainer and generator use; today only the GPT implements it. */
export type DecoderModel = GptModel;

export interface ModelFamily {
  name: string;
  summary: string;
  /** A freshly initialised model (seeded, backend independent). */
  create(model: ModelConfig, vocabSize: number, seed: number): DecoderModel;
  /** A model from a folder's config.json and its named tensors. */
  fromConfigJson(json: Record<string, unknown>, values: Map<string, Float32Array>): DecoderModel;
  /** The config.json of an exported folder. */
  toConfigJson(
    model: DecoderModel,
    tokens: { bosId: number; eosId: number; padId: number },
  ): Record<string, unknown>;
}

const gpt: ModelFamily = {
  name: "gpt",
  summary: "small pre-norm GPT decoder trained from scratch (learned or rotary positions)",
  create: (model, vocabSize, seed) => createGpt(gptConfigFrom(model, vocabSize), seed),
  fromConfigJson(json, values) {
    const num = (k: string) => {
      const v = json[k];
      if (typeof v !== "number")
        throw new TunixError("E_SCHEMA", {
          file: "config.json",
          field: k,
          expected: "a number",
          found: String(v),
        });
      return v;
    };
    const c: GptConfig = {
      vocabSize: num("vocab_size"),
      layers: num("n_layer"),
      dModel: num("n_embd"),
      heads: num("n_head"),
      mlpHidden: num("n_inner"),
      context: num("n_positions"),
      positions: json.position_embedding_type === "rotary" ? "rotary" : "learned",
      tieEmbeddings: json.tie_word_embeddings !== false,
    };
    return buildGpt(c, values);
  },
  toConfigJson(model, tokens) {
    const c = model.config;
    return {
      architectures: ["TunixGPTForCausalLM"],
      model_type: "tunix-gpt",
      vocab_size: c.vocabSize,
      n_layer: c.layers,
      n_embd: c.dModel,
      n_head: c.heads,
      n_inner: c.mlpHidden,
      n_positions: c.context,
      position_embedding_type: c.positions,
      tie_word_embeddings: c.tieEmbeddings,
      activation_function: "gelu_new",
      layer_norm_epsilon: 1e-5,
      linear_weight_layout: "in_out",
      torch_dtype: "float32",
      bos_token_id: tokens.bosId,
      eos_token_id: tokens.eosId,
      pad_token_id: tokens.padId,
    };
  },
};

const gemma3: ModelFamily = {
  name: "gemma3",
  summary: "Gemma 3 from Hugging Face safetensors (not implemented yet)",
  create: () => notYet(),
  fromConfigJson: () => notYet(),
  toConfigJson: () => notYet(),
};

function notYet(): never {
  throw new TunixError("E_STATE", {
    field: "model.family",
    message: "the gemma3 family is not implemented yet",
    hint: "use model.family: gpt",
  });
}

export const FAMILIES: Readonly<Record<ModelConfig["family"], ModelFamily>> = Object.freeze({ gpt, gemma3 });

/** The family of a config.json `model_type`. */
export function familyOfModelType(modelType: unknown): ModelFamily {
  if (modelType === "tunix-gpt") return FAMILIES.gpt;
  if (modelType === "gemma3" || modelType === "gemma3_text") return FAMILIES.gemma3;
  throw new TunixError("E_SCHEMA", {
    file: "config.json",
    field: "model_type",
    expected: "tunix-gpt or gemma3",
    found: String(modelType),
  });
}
