// Reading a Hugging Face model folder: config.json, and the weights in `model.safetensors` or in the
// shards a `model.safetensors.index.json` lists. Tensors are read one at a time (a reader opens the
// file, reads that tensor's bytes, widens BF16/F16 to float32, and lets go), so loading never holds
// two full copies of the weights. Errors name the folder-relative file and the tensor key; inside
// the model store, files reached through symlinks must stay inside it.
//
//   const folder = { dir, display: "google/gemma-3-270m", store };
//   const json = readHfConfigJson(folder);
//   const { tensors } = indexHfWeights(folder);      // name → { file, display, dtype, shape }
//   const values = readHfTensor(tensors.get("model.norm.weight"));  // Float32Array
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describeValue, TunixError } from "../errors.ts";
import { checkInsideStore } from "../io/model-store.ts";
import { readSafetensors, readSafetensorsHeader, type SafetensorsDtype, toFloat32 } from "./safetensors.ts";

export interface HfFolder {
  /** Absolute folder. */
  dir: string;
  /** How errors name it (a store-relative name or a repository-relative path, never absolute). */
  display: string;
  /** The model store it lives in, when it does (symlinks are then confined to it). */
  store?: string;
}

export interface HfTensorRef {
  name: string;
  /** Absolute file, and its display name for errors. */
  file: string;
  display: string;
  dtype: SafetensorsDtype;
  shape: number[];
}

export const FLOAT_DTYPES: readonly SafetensorsDtype[] = ["F32", "BF16", "F16"];

/** The folder's config.json as an object. */
export function readHfConfigJson(folder: HfFolder): Record<string, unknown> {
  const file = folderFile(folder, "config.json");
  if (!existsSync(file.path)) {
    throw new TunixError("E_NOT_FOUND", {
      file: file.display,
      message: "not a Hugging Face model folder (no config.json)",
      hint: "point at a folder downloaded from the Hub or exported by tunix-rt",
    });
  }
  return parseObject(readFileSync(file.path, "utf8"), file.display);
}

export interface HfWeightIndex {
  tensors: Map<string, HfTensorRef>;
  /** The file that lists them (model.safetensors or model.safetensors.index.json), for errors. */
  source: string;
}

/** The folder's chat template: chat_template.jinja (transformers 5), else tokenizer_config.json's. */
export function readHfChatTemplate(folder: HfFolder): { template: string; file: string } | undefined {
  const jinja = folderFile(folder, "chat_template.jinja");
  if (existsSync(jinja.path)) return { template: readFileSync(jinja.path, "utf8"), file: jinja.display };
  const cfg = folderFile(folder, "tokenizer_config.json");
  if (!existsSync(cfg.path)) return undefined;
  const t = parseObject(readFileSync(cfg.path, "utf8"), cfg.display).chat_template;
  if (typeof t === "string") return { template: t, file: cfg.display };
  // A list of named templates: the default one.
  if (Array.isArray(t)) {
    const named = t.find((x) => x && typeof x === "object" && (x as { name?: unknown }).name === "default");
    const text = (named as { template?: unknown } | undefined)?.template;
    if (typeof text === "string") return { template: text, file: cfg.display };
  }
  return undefined;
}

/** Every tensor of the folder by name, from model.safetensors or the sharded index. */
export function indexHfWeights(folder: HfFolder): HfWeightIndex {
  const single = folderFile(folder, "model.safetensors");
  const indexFile = folderFile(folder, "model.safetensors.index.json");
  const out = new Map<string, HfTensorRef>();
  if (existsSync(single.path)) {
    addFile(out, single.path, single.display);
    return { tensors: out, source: single.display };
  }
  if (!existsSync(indexFile.path)) {
    throw new TunixError("E_NOT_FOUND", {
      file: single.display,
      message: "no weights (neither model.safetensors nor model.safetensors.index.json)",
      hint: "download the model's safetensors files into the folder",
    });
  }
  const index = parseObject(readFileSync(indexFile.path, "utf8"), indexFile.display);
  const map = index.weight_map;
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    throw new TunixError("E_SCHEMA", {
      file: indexFile.display,
      field: "weight_map",
      expected: "an object: tensor name → shard file",
      found: describeValue(map),
    });
  }
  const byShard = new Map<string, string[]>();
  for (const [name, shard] of Object.entries(map as Record<string, unknown>)) {
    if (
      typeof shard !== "string" ||
      shard.includes("/") ||
      shard.includes("\\") ||
      !shard.endsWith(".safetensors")
    ) {
      throw new TunixError("E_SCHEMA", {
        file: indexFile.display,
        field: `weight_map.${name}`,
        expected: "a .safetensors file name in the same folder",
        found: describeValue(shard),
      });
    }
    byShard.set(shard, [...(byShard.get(shard) ?? []), name]);
  }
  for (const [shard, names] of [...byShard].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const f = folderFile(folder, shard);
    if (!existsSync(f.path)) {
      throw new TunixError("E_NOT_FOUND", {
        file: f.display,
        field: `weight_map.${names[0]}`,
        message: `shard missing (listed for ${names.length} tensors in model.safetensors.index.json)`,
        hint: "download every shard the index lists",
      });
    }
    const held = addFile(out, f.path, f.display);
    for (const name of names) {
      if (!held.has(name)) {
        throw new TunixError("E_MISMATCH", {
          file: f.display,
          field: name,
          message: "model.safetensors.index.json puts this tensor in this shard, which does not hold it",
          hint: "the index and the shards come from different downloads; download them again",
        });
      }
    }
  }
  return { tensors: out, source: indexFile.display };
}

/** One tensor's values as float32 (BF16/F16 widened); other dtypes are refused. */
export function readHfTensor(ref: HfTensorRef): Float32Array {
  if (!FLOAT_DTYPES.includes(ref.dtype)) {
    throw new TunixError("E_SCHEMA", {
      file: ref.display,
      field: `${ref.name}.dtype`,
      expected: FLOAT_DTYPES.join(" | "),
      found: ref.dtype,
    });
  }
  const { tensors } = shown(ref.file, ref.display, () => readSafetensors(ref.file, { names: [ref.name] }));
  return toFloat32(tensors[ref.name]);
}

function addFile(out: Map<string, HfTensorRef>, file: string, display: string): Set<string> {
  const header = shown(file, display, () => readSafetensorsHeader(file));
  const names = new Set(Object.keys(header.entries));
  for (const [name, e] of Object.entries(header.entries)) {
    if (out.has(name)) {
      throw new TunixError("E_DUPLICATE", {
        file: display,
        field: name,
        message: `tensor also in ${out.get(name)?.display}`,
      });
    }
    out.set(name, { name, file, display, dtype: e.dtype, shape: e.shape });
  }
  return names;
}

/** Run fn, naming `display` instead of the absolute `file` in any TunixError it throws. */
function shown<T>(file: string, display: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof TunixError)) throw err;
    throw new TunixError(
      err.code,
      err.problems.map((p) => (p.file === file ? { ...p, file: display } : p)),
    );
  }
}

function folderFile(folder: HfFolder, name: string): { path: string; display: string } {
  const full = path.join(folder.dir, name);
  const display = `${folder.display}/${name}`;
  if (folder.store && existsSync(full)) checkInsideStore(folder.store, full, display);
  return { path: full, display };
}

function parseObject(text: string, display: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new TunixError("E_JSON", { file: display, expected: "JSON", found: (err as Error).message });
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new TunixError("E_SCHEMA", { file: display, expected: "a JSON object", found: describeValue(v) });
  }
  return v as Record<string, unknown>;
}
