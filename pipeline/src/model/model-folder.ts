// Hugging Face–style model folders: config.json, model.safetensors, tokenizer.json (+
// tokenizer_config.json) and generation_config.json. The trainer exports one at the end of a run;
// inference loads one. Writing goes to a temp folder renamed into place.
//
//   const files = exportModelFolder(dir, model, tokenizer, { maxNewTokens: 128 });
//   const { model, tokenizer } = await loadModelFolder(dir);
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import { type DecoderModel, FAMILIES, familyOfModelType } from "./families.ts";
import { loadTensorFile, saveTensorFile } from "./tensor-file.ts";
import { loadTokenizer, saveTokenizer, type Tokenizer } from "./tokenizers/index.ts";
import { modelTensorsOf } from "./weights.ts";

export const MODEL_FOLDER_FILES = [
  "config.json",
  "model.safetensors",
  "tokenizer.json",
  "generation_config.json",
] as const;

export function exportModelFolder(
  dir: string,
  model: DecoderModel,
  tok: Tokenizer,
  generation: Record<string, unknown> = {},
): string[] {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const family = FAMILIES[model.family];
  const tokens = { bosId: tok.bosId, eosId: tok.endOfTurnId, padId: tok.padId };
  writeJsonAtomic(path.join(tmp, "config.json"), {
    ...family.toConfigJson(model, tokens),
    tunix_tokenizer_kind: tok.kind,
  });
  saveTensorFile(path.join(tmp, "model.safetensors"), modelTensorsOf(model), { format: "pt" });
  saveTokenizer(tok, tmp);
  writeJsonAtomic(path.join(tmp, "generation_config.json"), {
    bos_token_id: tok.bosId,
    eos_token_id: [tok.endOfTurnId, tok.eosId],
    pad_token_id: tok.padId,
    ...generation,
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return MODEL_FOLDER_FILES.map((f) => path.join(dir, f));
}

export async function loadModelFolder(dir: string): Promise<{ model: DecoderModel; tokenizer: Tokenizer }> {
  const configFile = path.join(dir, "config.json");
  if (!existsSync(configFile)) {
    throw new TunixError("E_NOT_FOUND", {
      file: configFile,
      message: "not a model folder (no config.json)",
      hint: "point at a folder exported by `tunix-rt train`",
    });
  }
  const json = JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
  const family = familyOfModelType(json.model_type);
  const { tensors } = loadTensorFile(path.join(dir, "model.safetensors"));
  const values = new Map([...tensors].map(([k, t]) => [k, t.values] as const));
  const model = family.fromConfigJson(json, values);
  const kind =
    json.tunix_tokenizer_kind === "byte" || json.tunix_tokenizer_kind === "bpe"
      ? json.tunix_tokenizer_kind
      : "hf";
  // byte and bpe both read their tokenizer.json as `bpe` (a byte tokenizer is a BPE without merges).
  const tokenizer = await loadTokenizer({ kind: kind === "hf" ? "hf" : "bpe", path: dir });
  return { model, tokenizer };
}
