// What the `gemma3` row of the FAMILIES table (model/families.ts) calls: open the model a run
// config names (a store-relative folder, `model.weights`), load a folder the trainer exported, and
// the tokenizer spec (the folder's own tokenizer.json through the `hf` path, unless
// `model.tokenizer.path` names another store folder).
//
//   const model = openGemma3Run({ weights: "google/gemma-3-270m", context: 512 });
//   const spec = gemma3TokenizerSpec({ weights: "google/gemma-3-270m" });   // { kind: "hf", path }
import path from "node:path";
import { resolveModel } from "../../io/model-store.ts";
import type { HfFolder } from "../hf-folder.ts";
import type { TokenizerSpec } from "../tokenizers/index.ts";
import type { Gemma3Model } from "./gemma3.ts";
import { openGemma3, openGemma3WithJson } from "./gemma3-open.ts";

/** The keys of a run config's gemma3 model block this module reads (schemas/config.ts). */
export interface Gemma3RunModel {
  weights: string;
  context?: number;
  tokenizer?: { path?: string };
}

export const GEMMA3_LORA_TARGETS = Object.freeze([
  "q_proj",
  "k_proj",
  "v_proj",
  "o_proj",
  "gate_proj",
  "up_proj",
  "down_proj",
]);

/** The folder of a store-relative name, as the loaders want it. */
export function storeFolder(name: string): HfFolder {
  const r = resolveModel(name);
  return { dir: r.dir, display: r.name, store: r.store };
}

export function openGemma3Run(m: Gemma3RunModel): Gemma3Model {
  return openGemma3(storeFolder(m.weights), { context: m.context });
}

/** A folder outside the store (an exported run folder): named relative to the working directory. */
export function loadGemma3Dir(dir: string, json: Record<string, unknown>): Gemma3Model {
  const rel = path.relative(process.cwd(), dir);
  const display =
    rel && !rel.startsWith("..") && !path.isAbsolute(rel)
      ? rel.split(path.sep).join("/")
      : path.basename(dir);
  return openGemma3WithJson({ dir, display }, json);
}

export function gemma3TokenizerSpec(m: Gemma3RunModel): TokenizerSpec {
  return { kind: "hf", path: resolveModel(m.tokenizer?.path ?? m.weights).dir };
}
