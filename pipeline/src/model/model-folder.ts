// Model folders: config.json, model.safetensors, tokenizer.json (+ tokenizer_config.json) and
// generation_config.json — plus, for a LoRA run, adapter_config.json and adapter_model.safetensors
// in PEFT's layout (model/peft.ts: `base_model.model.<module>.lora_A.weight` [r, in] / `lora_B`
// [out, r], and the SHA-256 of the base weights they were trained on in the metadata), so
// `PeftModel.from_pretrained(base, dir)` reads them too. The trainer exports one at the end of a run; inference loads one.
// Writing goes to a temp folder renamed into place.
//
//   const files = await exportModelFolder(dir, model, tokenizer, { max_new_tokens: 128 });
//   const { model, tokenizer } = await loadModelFolder(dir);   // adapters attached when present
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { writeJsonAtomic } from "../io/atomic.ts";
import type { CausalLM } from "./causal-lm.ts";
import { familyOfModelType } from "./families.ts";
import { readModelConfigJson } from "./folder-json.ts";
import { loadPeftAdapter, writePeftFiles } from "./peft.ts";
import { saveTensorFile } from "./tensor-file.ts";
import { loadTokenizer, saveTokenizer, type Tokenizer } from "./tokenizers/index.ts";
import { modelTensorsOf } from "./weights.ts";

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
  o: { baseModel?: string } = {},
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
    await writeAdapter(tmp, model, o.baseModel);
    files.push(...ADAPTER_FILES);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return files.map((f) => path.join(dir, f));
}

/**
 * adapter_config.json + adapter_model.safetensors of the model's LoRA adapters, as PEFT writes them
 * (model/peft.ts), with the SHA-256 of the base weights in the safetensors metadata. The base is the
 * folder's own model.safetensors, so `base_model_name_or_path` is "." unless a name is given.
 */
export async function writeAdapter(dir: string, model: CausalLM, baseModel = "."): Promise<void> {
  if (model.lora) await writePeftFiles(dir, model, { baseModel });
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
  await loadPeftAdapter({ dir, display: displayOf(dir) }, model);
}

/** A folder as errors name it: relative to the working directory when inside it. */
function displayOf(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : dir;
}
