// Model folders: config.json, model.safetensors, tokenizer.json (+ tokenizer_config.json) and
// generation_config.json — plus, for a LoRA run, adapter_config.json and adapter_model.safetensors
// (the adapters, named `<module>.lora_A` [in, r] / `.lora_B` [r, out], and the SHA-256 of the base
// weights they were trained on). The trainer exports one at the end of a run; inference loads one.
// Writing goes to a temp folder renamed into place.
//
//   const files = await exportModelFolder(dir, model, tokenizer, { max_new_tokens: 128 });
//   const { model, tokenizer } = await loadModelFolder(dir);   // adapters attached when present
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import type { CausalLM } from "./causal-lm.ts";
import { familyOfModelType } from "./families.ts";
import { readModelConfigJson } from "./folder-json.ts";
import { attachLora, type LoraConfig } from "./lora.ts";
import { loadTensorFile, saveTensorFile } from "./tensor-file.ts";
import { loadTokenizer, saveTokenizer, type Tokenizer } from "./tokenizers/index.ts";
import { baseWeightsHash, modelTensorsOf, namedTensorsOf } from "./weights.ts";

export { readModelConfigJson } from "./folder-json.ts";

export const MODEL_FOLDER_FILES = [
  "config.json",
  "model.safetensors",
  "tokenizer.json",
  "generation_config.json",
] as const;
export const ADAPTER_FILES = ["adapter_config.json", "adapter_model.safetensors"] as const;

export async function exportModelFolder(
  dir: string,
  model: CausalLM,
  tok: Tokenizer,
  generation: Record<string, unknown> = {},
): Promise<string[]> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const tokens = { bosId: tok.bosId, eosId: tok.endOfTurnId, padId: tok.padId };
  writeJsonAtomic(path.join(tmp, "config.json"), {
    ...model.configJson(tokens),
    tunix_tokenizer_kind: tok.kind,
  });
  saveTensorFile(path.join(tmp, "model.safetensors"), await modelTensorsOf(model), { format: "pt" });
  saveTokenizer(tok, tmp);
  writeJsonAtomic(path.join(tmp, "generation_config.json"), {
    bos_token_id: tok.bosId,
    eos_token_id: [tok.endOfTurnId, tok.eosId],
    pad_token_id: tok.padId,
    ...generation,
  });
  const files: string[] = [...MODEL_FOLDER_FILES];
  if (model.lora) {
    await writeAdapter(tmp, model);
    files.push(...ADAPTER_FILES);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return files.map((f) => path.join(dir, f));
}

/** adapter_config.json + adapter_model.safetensors of the model's LoRA adapters. */
export async function writeAdapter(dir: string, model: CausalLM): Promise<void> {
  const lora = model.lora;
  if (!lora) return;
  const c = lora.config;
  writeJsonAtomic(path.join(dir, "adapter_config.json"), {
    r: c.r,
    lora_alpha: c.alpha,
    lora_dropout: c.dropout,
    target_modules: [...c.targetModules],
    use_rslora: c.rslora,
    modules: [...lora.modules.keys()],
    base_weights_sha256: await baseWeightsHash(model),
    layout: "in_out",
  });
  saveTensorFile(path.join(dir, "adapter_model.safetensors"), await namedTensorsOf(lora.params()), {
    format: "pt",
  });
}

export async function loadModelFolder(dir: string): Promise<{ model: CausalLM; tokenizer: Tokenizer }> {
  const json = readModelConfigJson(dir);
  const model = await familyOfModelType(json.model_type).load(dir, json);
  if (existsSync(path.join(dir, "adapter_config.json"))) await loadAdapter(dir, model);
  const kind =
    json.tunix_tokenizer_kind === "byte" || json.tunix_tokenizer_kind === "bpe"
      ? json.tunix_tokenizer_kind
      : "hf";
  // byte and bpe both read their tokenizer.json as `bpe` (a byte tokenizer is a BPE without merges).
  const tokenizer = await loadTokenizer({ kind: kind === "hf" ? "hf" : "bpe", path: dir });
  return { model, tokenizer };
}

/** Attach the adapters of `dir` to `model`, refusing base weights other than the ones they were trained on. */
export async function loadAdapter(dir: string, model: CausalLM): Promise<void> {
  const file = path.join(dir, "adapter_config.json");
  const cfg = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const base = await baseWeightsHash(model);
  if (cfg.base_weights_sha256 !== base) {
    throw new TunixError("E_MISMATCH", {
      file,
      field: "base_weights_sha256",
      expected: String(cfg.base_weights_sha256),
      found: base,
      hint: "the adapters were trained on other base weights; load them over the base they were made for",
    });
  }
  const config: LoraConfig = {
    r: Number(cfg.r),
    alpha: Number(cfg.lora_alpha),
    dropout: Number(cfg.lora_dropout ?? 0),
    targetModules: (cfg.modules ?? cfg.target_modules) as string[],
    rslora: cfg.use_rslora === true,
  };
  const { tensors } = loadTensorFile(path.join(dir, "adapter_model.safetensors"));
  const values = new Map([...tensors].map(([k, t]) => [k, t.values] as const));
  attachLora(model, config, 0, values);
}
