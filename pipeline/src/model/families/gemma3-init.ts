// Random-weight Gemma 3 folders (`tunix-rt model init --family gemma3 --preset …`): a Hugging Face
// folder in the released models' config form with transformers' initialisation (N(0, 0.02)
// matrices, zero norms), the given tokenizer, and a chat template written for the project in
// Gemma's turn format (the real one cannot be shipped; hf-chat-template.ts checks this one).
//   tiny          4 layers (3 sliding, 1 full), 64 wide, 4 heads / 1 kv head of 32, window 64,
//                 the vocabulary of a small project BPE: fast enough for tests and CPU demos
//   gemma-3-270m  the exact shapes of google/gemma-3-270m (262,144-token vocabulary)
//   gemma-3-1b    the exact shapes of google/gemma-3-1b-it
// The folder is written to a temp folder renamed into place; an existing one is kept unless forced.
//
//   await initGemma3Folder(dir, { preset: "tiny", tokenizer, seed: 0, dtype: "f32" });
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../../errors.ts";
import { writeJsonAtomic } from "../../io/atomic.ts";
import { f32ToBf16, type SafeTensor, writeSafetensors } from "../safetensors.ts";
import type { Tokenizer } from "../tokenizers/index.ts";
import { parseGemma3Config } from "./gemma3-config.ts";
import { gemma3ParamSpecs, initGemma3Values, transpose2d } from "./gemma3-weights.ts";

interface Preset {
  summary: string;
  /** Vocabulary from the tokenizer (tiny) or fixed (the real models' 262,144). */
  vocab?: number;
  config: Record<string, number>;
}

export const GEMMA3_PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  tiny: {
    summary: "4 layers, 64 wide, the project BPE's vocabulary (tests, CPU demos)",
    config: {
      hidden_size: 64,
      intermediate_size: 192,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      num_key_value_heads: 1,
      head_dim: 32,
      query_pre_attn_scalar: 32,
      sliding_window: 64,
      sliding_window_pattern: 4,
      max_position_embeddings: 2048,
    },
  },
  "gemma-3-270m": {
    summary: "the shapes of google/gemma-3-270m",
    vocab: 262144,
    config: {
      hidden_size: 640,
      intermediate_size: 2048,
      num_hidden_layers: 18,
      num_attention_heads: 4,
      num_key_value_heads: 1,
      head_dim: 256,
      query_pre_attn_scalar: 256,
      sliding_window: 512,
      sliding_window_pattern: 6,
      max_position_embeddings: 32768,
    },
  },
  "gemma-3-1b": {
    summary: "the shapes of google/gemma-3-1b-it",
    vocab: 262144,
    config: {
      hidden_size: 1152,
      intermediate_size: 6912,
      num_hidden_layers: 26,
      num_attention_heads: 4,
      num_key_value_heads: 1,
      head_dim: 256,
      query_pre_attn_scalar: 256,
      sliding_window: 512,
      sliding_window_pattern: 6,
      max_position_embeddings: 32768,
    },
  },
});

/** Gemma's turn format as a Jinja chat template, written for the project (see the header). */
export const PROJECT_GEMMA_JINJA = [
  "{{ bos_token }}",
  '{%- set ns = namespace(prefix="") -%}',
  "{%- for m in messages -%}",
  '{%- if loop.first and m.role == "system" -%}',
  '{%- set ns.prefix = m.content + "\\n\\n" -%}',
  "{%- else -%}",
  '{{ "<start_of_turn>" + ("model" if m.role == "assistant" else m.role) + "\\n" + ns.prefix + (m.content | trim) + "<end_of_turn>\\n" }}',
  '{%- set ns.prefix = "" -%}',
  "{%- endif -%}",
  "{%- endfor -%}",
  '{%- if add_generation_prompt -%}{{ "<start_of_turn>model\\n" }}{%- endif -%}',
].join("\n");

/** The config.json of a preset for a tokenizer (released models' form). */
export function presetConfigJson(preset: string, tok: Tokenizer, seed: number): Record<string, unknown> {
  const p = presetOf(preset);
  const json = {
    architectures: ["Gemma3ForCausalLM"],
    model_type: "gemma3_text",
    ...p.config,
    vocab_size: p.vocab ?? tok.vocabSize,
    attention_bias: false,
    attention_dropout: 0,
    attn_logit_softcapping: null,
    final_logit_softcapping: null,
    hidden_activation: "gelu_pytorch_tanh",
    initializer_range: 0.02,
    rms_norm_eps: 1e-6,
    rope_theta: 1_000_000,
    rope_local_base_freq: 10_000,
    rope_scaling: null,
    tie_word_embeddings: true,
    use_cache: true,
    bos_token_id: tok.bosId,
    eos_token_id: [tok.eosId, tok.endOfTurnId],
    pad_token_id: tok.padId,
    torch_dtype: "float32",
    tunix_init: { preset, seed },
  };
  return json;
}

/** The config.json of a real-shape preset with Gemma 3's own token ids (no tokenizer needed). */
export function presetGemmaJson(preset: string): Record<string, unknown> {
  const gemmaIds = { bosId: 2, eosId: 1, endOfTurnId: 106, padId: 0, vocabSize: 262144 } as Tokenizer;
  return presetConfigJson(preset, gemmaIds, 0);
}

export async function initGemma3Folder(
  dir: string,
  o: { preset: string; tokenizer: Tokenizer; seed: number; dtype: "f32" | "bf16"; force?: boolean },
): Promise<string[]> {
  if (existsSync(dir) && !o.force) {
    throw new TunixError("E_STATE", {
      file: dir,
      message: "the model folder exists",
      hint: "choose another --out, or pass --force to replace it",
    });
  }
  const json = presetConfigJson(o.preset, o.tokenizer, o.seed);
  json.torch_dtype = o.dtype === "bf16" ? "bfloat16" : "float32";
  const cfg = parseGemma3Config(json, "config.json");
  const values = initGemma3Values(cfg, o.seed);
  const tensors: Record<string, SafeTensor> = {};
  for (const spec of gemma3ParamSpecs(cfg)) {
    let v = values.get(spec.name) as Float32Array;
    values.delete(spec.name);
    let shape = spec.shape;
    if (spec.linear) {
      v = transpose2d(v, spec.shape[0], spec.shape[1]);
      shape = [spec.shape[1], spec.shape[0]];
    }
    tensors[spec.name] =
      o.dtype === "bf16" ? { dtype: "BF16", shape, data: f32ToBf16(v) } : { dtype: "F32", shape, data: v };
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    writeJsonAtomic(path.join(tmp, "config.json"), json);
    writeJsonAtomic(path.join(tmp, "generation_config.json"), {
      bos_token_id: cfg.bosId,
      eos_token_id: cfg.eosIds,
      pad_token_id: cfg.padId,
    });
    writeSafetensors(path.join(tmp, "model.safetensors"), tensors, { format: "pt" });
    writeJsonAtomic(path.join(tmp, "tokenizer.json"), o.tokenizer.toJSON());
    const tokConfig = o.tokenizer.toConfigJSON();
    writeJsonAtomic(path.join(tmp, "tokenizer_config.json"), {
      ...tokConfig,
      chat_template:
        typeof tokConfig.chat_template === "string" ? tokConfig.chat_template : PROJECT_GEMMA_JINJA,
    });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  return [
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
  ].map((f) => path.join(dir, f));
}

export function presetOf(preset: string): Preset {
  const p = Object.hasOwn(GEMMA3_PRESETS, preset) ? GEMMA3_PRESETS[preset] : undefined;
  if (!p)
    throw new TunixError("E_USAGE", {
      field: "--preset",
      expected: Object.keys(GEMMA3_PRESETS).join(" | "),
      found: preset,
    });
  return p;
}
