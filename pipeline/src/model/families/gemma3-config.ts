// Gemma 3 (text) config.json → the normalised settings the model needs. Both forms are read:
//   released models (transformers 4.x): rope_theta, rope_local_base_freq, rope_scaling (global layers
//     only), sliding_window_pattern (layer i is global when (i + 1) % pattern == 0);
//   transformers 5: rope_parameters {full_attention: {...}, sliding_attention: {...}}, layer_types.
// Defaults are transformers' for the keys a file may leave out; the sizes (vocab, hidden, layers,
// heads) are required. What the project does not implement is refused by key: softcapping,
// bidirectional attention, attention bias, another activation, a rope type other than default/linear,
// untied embeddings, attention dropout, another model_type (the multimodal `gemma3` included).
//
//   const cfg = parseGemma3Config(json, "google/gemma-3-270m/config.json");
import { describeValue, TunixError } from "../../errors.ts";

export type LayerType = "sliding_attention" | "full_attention";

export interface RopeSettings {
  /** Base of the inverse frequencies (rope_theta). */
  base: number;
  /** Linear scaling factor (positions ÷ factor); 1 = none. */
  factor: number;
}

export interface Gemma3Config {
  vocabSize: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Scores are scaled by queryPreAttnScalar^−½ (not headDim^−½). */
  queryPreAttnScalar: number;
  slidingWindow: number;
  maxPositions: number;
  rmsNormEps: number;
  layerTypes: LayerType[];
  rope: Record<LayerType, RopeSettings>;
  bosId: number;
  eosIds: number[];
  padId: number;
}

const LAYER_TYPES: readonly LayerType[] = ["sliding_attention", "full_attention"];

export function parseGemma3Config(json: Record<string, unknown>, file: string): Gemma3Config {
  const fail = (field: string, expected: string, hint?: string): never => {
    throw new TunixError("E_SCHEMA", { file, field, expected, found: describeValue(json[field]), hint });
  };
  if (json.model_type !== "gemma3_text") {
    fail(
      "model_type",
      "gemma3_text",
      json.model_type === "gemma3"
        ? "the multimodal Gemma 3 (4b and larger) is not supported; use a text model (gemma-3-270m, gemma-3-1b)"
        : "this folder is not a Gemma 3 text model",
    );
  }
  const int = (key: string, dflt?: number): number => {
    const v = json[key] ?? dflt;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) fail(key, "a positive integer");
    return v as number;
  };
  const num = (key: string, dflt: number): number => {
    const v = json[key] ?? dflt;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) fail(key, "a positive number");
    return v as number;
  };
  const absent = (key: string, hint: string) => {
    if (json[key] !== undefined && json[key] !== null) fail(key, "null or absent", hint);
  };
  absent("final_logit_softcapping", "logit softcapping (Gemma 2) is not implemented");
  absent("attn_logit_softcapping", "attention softcapping (Gemma 2) is not implemented");
  if (json.use_bidirectional_attention !== undefined && json.use_bidirectional_attention !== false)
    fail("use_bidirectional_attention", "false", "only causal (decoder) attention is implemented");
  if (json.attention_bias !== undefined && json.attention_bias !== false)
    fail("attention_bias", "false", "projections with bias are not implemented");
  if ((json.hidden_activation ?? "gelu_pytorch_tanh") !== "gelu_pytorch_tanh")
    fail("hidden_activation", "gelu_pytorch_tanh", "only tanh-GeGLU is implemented");
  if (json.tie_word_embeddings !== undefined && json.tie_word_embeddings !== true)
    fail("tie_word_embeddings", "true", "Gemma 3 ties the output head to the embedding");
  if (json.attention_dropout !== undefined && json.attention_dropout !== 0 && json.attention_dropout !== 0.0)
    fail("attention_dropout", "0", "attention dropout is not implemented");

  const layers = int("num_hidden_layers");
  const heads = int("num_attention_heads");
  const kvHeads = int("num_key_value_heads", 4);
  if (heads % kvHeads !== 0) fail("num_key_value_heads", `a divisor of num_attention_heads (${heads})`);
  const headDim = int("head_dim", 256);
  if (headDim % 2 !== 0) fail("head_dim", "an even number (rotary pairs halves)");
  const cfg: Gemma3Config = {
    vocabSize: int("vocab_size"),
    hidden: int("hidden_size"),
    intermediate: int("intermediate_size"),
    layers,
    heads,
    kvHeads,
    headDim,
    queryPreAttnScalar: num("query_pre_attn_scalar", 256),
    slidingWindow: int("sliding_window", 4096),
    maxPositions: int("max_position_embeddings", 131072),
    rmsNormEps: num("rms_norm_eps", 1e-6),
    layerTypes: layerTypesOf(json, layers, fail),
    rope: ropeOf(json, fail),
    bosId: tokenId(json, "bos_token_id", 2, fail),
    eosIds: eosIdsOf(json, fail),
    padId: tokenId(json, "pad_token_id", 0, fail),
  };
  return cfg;
}

type Fail = (field: string, expected: string, hint?: string) => never;

function layerTypesOf(json: Record<string, unknown>, layers: number, fail: Fail): LayerType[] {
  const given = json.layer_types;
  if (given !== undefined && given !== null) {
    if (
      !Array.isArray(given) ||
      given.length !== layers ||
      !given.every((t) => LAYER_TYPES.includes(t as LayerType))
    ) {
      fail("layer_types", `${layers} entries, each sliding_attention or full_attention`);
    }
    return given as LayerType[];
  }
  const pattern = json.sliding_window_pattern ?? 6;
  if (typeof pattern !== "number" || !Number.isSafeInteger(pattern) || pattern <= 0)
    fail("sliding_window_pattern", "a positive integer");
  return Array.from({ length: layers }, (_, i) =>
    (i + 1) % (pattern as number) !== 0 ? "sliding_attention" : "full_attention",
  );
}

/** rope_parameters (per layer type) when present, else rope_theta / rope_local_base_freq / rope_scaling. */
function ropeOf(json: Record<string, unknown>, fail: Fail): Record<LayerType, RopeSettings> {
  const positive = (key: string, dflt: number): number => {
    const v = json[key] ?? dflt;
    if (typeof v !== "number" || !(v > 0)) fail(key, "a positive number");
    return v as number;
  };
  const globalBase = positive("rope_theta", 1e6);
  const localBase = positive("rope_local_base_freq", 1e4);
  const params = json.rope_parameters;
  if (params !== undefined && params !== null) {
    if (typeof params !== "object" || Array.isArray(params) || "rope_type" in params)
      fail("rope_parameters", "an object keyed by layer type (full_attention, sliding_attention)");
    const p = params as Record<string, unknown>;
    for (const key of Object.keys(p))
      if (!LAYER_TYPES.includes(key as LayerType))
        fail("rope_parameters", "keys full_attention and sliding_attention", `unknown key ${key}`);
    return {
      full_attention: ropeEntry(p.full_attention, globalBase, "rope_parameters.full_attention", fail),
      sliding_attention: ropeEntry(p.sliding_attention, localBase, "rope_parameters.sliding_attention", fail),
    };
  }
  // Released form: rope_scaling applies to the global (full-attention) layers only.
  return {
    full_attention: ropeEntry(json.rope_scaling, globalBase, "rope_scaling", fail),
    sliding_attention: { base: localBase, factor: 1 },
  };
}

function ropeEntry(entry: unknown, defaultBase: number, field: string, fail: Fail): RopeSettings {
  if (entry === undefined || entry === null) return { base: defaultBase, factor: 1 };
  if (typeof entry !== "object" || Array.isArray(entry)) return fail(field, "an object");
  const e = entry as Record<string, unknown>;
  const type = e.rope_type ?? e.type ?? "default";
  const base = e.rope_theta ?? defaultBase;
  if (typeof base !== "number" || !(base > 0)) return fail(field, "rope_theta: a positive number");
  if (type === "default") return { base, factor: 1 };
  if (type === "linear") {
    const factor = e.factor;
    if (typeof factor !== "number" || !(factor > 0)) return fail(field, "factor: a positive number");
    return { base, factor };
  }
  return fail(field, "rope_type default or linear", `rope type ${String(type)} is not implemented`);
}

function tokenId(json: Record<string, unknown>, key: string, dflt: number, fail: Fail): number {
  const v = json[key] ?? dflt;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) fail(key, "a token id");
  return v as number;
}

function eosIdsOf(json: Record<string, unknown>, fail: Fail): number[] {
  const v = json.eos_token_id ?? 1;
  const ids = Array.isArray(v) ? v : [v];
  if (ids.length === 0 || !ids.every((x) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0))
    fail("eos_token_id", "a token id or a list of them");
  return ids as number[];
}
