// LoRA adapters as PEFT writes them, so `PeftModel.from_pretrained(base, dir)` loads what the
// project trained (and the project loads PEFT adapters):
//   adapter_config.json        peft_type LORA, task_type CAUSAL_LM, r, lora_alpha, lora_dropout,
//                              target_modules, use_rslora, bias "none", fan_in_fan_out false, …
//   adapter_model.safetensors  base_model.model.<module>.lora_A.weight [r, in]
//                              base_model.model.<module>.lora_B.weight [out, r]   (F32)
// Module names are the model's own (Hugging Face's for Gemma: model.layers.3.self_attn.q_proj).
// The project stores A [in, r] and B [r, out]; the transposes happen here. The SHA-256 of the base
// weights goes into the safetensors metadata (`tunix_base_weights_sha256`, which PEFT ignores);
// loading refuses an adapter whose recorded hash differs from the model's.
//
//   await exportPeftAdapter("out/adapter", model, { baseModel: "google/gemma-3-270m" });
//   await loadPeftAdapter({ dir, display: "runs/x/adapter" }, model);   // attaches model.lora
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { describeValue, TunixError } from "../errors.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import type { CausalLM } from "./causal-lm.ts";
import { transpose2d } from "./families/gemma3-weights.ts";
import { attachLora, type LoraConfig, selectModules } from "./lora.ts";
import { readSafetensors, type SafeTensor, toFloat32, writeSafetensors } from "./safetensors.ts";
import { baseWeightsHash } from "./weights.ts";

export const PEFT_CONFIG = "adapter_config.json";
export const PEFT_WEIGHTS = "adapter_model.safetensors";
export const BASE_HASH_KEY = "tunix_base_weights_sha256";
const PREFIX = "base_model.model.";

/** adapter_config.json as PEFT's LoraConfig writes it (sorted keys; peft_version left to PEFT). */
export function peftConfigOf(c: LoraConfig, baseModel: string): Record<string, unknown> {
  return {
    alpha_pattern: {},
    auto_mapping: null,
    base_model_name_or_path: baseModel,
    bias: "none",
    fan_in_fan_out: false,
    inference_mode: true,
    init_lora_weights: true,
    layers_pattern: null,
    layers_to_transform: null,
    lora_alpha: c.alpha,
    lora_dropout: c.dropout,
    modules_to_save: null,
    peft_type: "LORA",
    r: c.r,
    rank_pattern: {},
    revision: null,
    target_modules: [...c.targetModules],
    task_type: "CAUSAL_LM",
    use_dora: false,
    use_rslora: c.rslora,
  };
}

/** The two files of the model's adapters in PEFT's layout, written into an existing folder. */
export async function writePeftFiles(dir: string, model: CausalLM, o: { baseModel: string }): Promise<void> {
  const lora = model.lora;
  if (!lora) throw new TunixError("E_STATE", { message: "the model has no LoRA adapters to export" });
  const tensors: Record<string, SafeTensor> = {};
  for (const [module, ad] of lora.modules) {
    const [fin, r] = ad.a.shape as [number, number];
    const fout = ad.b.shape[1] as number;
    const a = (await ad.a.data()) as Float32Array; // [in, r]
    const b = (await ad.b.data()) as Float32Array; // [r, out]
    tensors[`${PREFIX}${module}.lora_A.weight`] = {
      dtype: "F32",
      shape: [r, fin],
      data: transpose2d(a, fin, r),
    };
    tensors[`${PREFIX}${module}.lora_B.weight`] = {
      dtype: "F32",
      shape: [fout, r],
      data: transpose2d(b, r, fout),
    };
  }
  writeSafetensors(path.join(dir, PEFT_WEIGHTS), tensors, {
    format: "pt",
    [BASE_HASH_KEY]: await baseWeightsHash(model),
  });
  writeJsonAtomic(path.join(dir, PEFT_CONFIG), peftConfigOf(lora.config, o.baseModel));
}

/** A folder holding only the adapter, replaced as a whole (temp folder + rename). */
export async function exportPeftAdapter(
  dir: string,
  model: CausalLM,
  o: { baseModel: string },
): Promise<string[]> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await writePeftFiles(tmp, model, o);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return [PEFT_CONFIG, PEFT_WEIGHTS].map((f) => path.join(dir, f));
}

export interface PeftAdapter {
  config: LoraConfig;
  /** `<module>.lora_A` [in, r] and `<module>.lora_B` [r, out], the project's layout. */
  values: Map<string, Float32Array>;
  baseHash?: string;
}

/** Read a PEFT LoRA folder; settings the project does not implement are refused by key. */
export function readPeftAdapter(folder: { dir: string; display: string }, model: CausalLM): PeftAdapter {
  const cfgFile = `${folder.display}/${PEFT_CONFIG}`;
  const wFile = `${folder.display}/${PEFT_WEIGHTS}`;
  for (const [f, shown] of [
    [PEFT_CONFIG, cfgFile],
    [PEFT_WEIGHTS, wFile],
  ] as const)
    if (!existsSync(path.join(folder.dir, f)))
      throw new TunixError("E_NOT_FOUND", {
        file: shown,
        message: "not a PEFT adapter folder",
        hint: "export one with `tunix-rt model merge` or PEFT's save_pretrained",
      });
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path.join(folder.dir, PEFT_CONFIG), "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new TunixError("E_JSON", { file: cfgFile, expected: "JSON", found: (err as Error).message });
  }
  const fail = (field: string, expected: string): never => {
    throw new TunixError("E_SCHEMA", {
      file: cfgFile,
      field,
      expected,
      found: describeValue(json[field]),
      hint: "the project loads plain LoRA adapters",
    });
  };
  const want = (field: string, ok: (v: unknown) => boolean, expected: string) => {
    if (!ok(json[field])) fail(field, expected);
  };
  const empty = (v: unknown) =>
    v === undefined || v === null || (typeof v === "object" && Object.keys(v as object).length === 0);
  want("peft_type", (v) => v === "LORA", "LORA");
  want("r", (v) => Number.isSafeInteger(v) && (v as number) > 0, "a positive integer");
  want("lora_alpha", (v) => typeof v === "number" && v > 0, "a positive number");
  want(
    "target_modules",
    (v) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === "string"),
    "a list of module names",
  );
  want("bias", (v) => v === undefined || v === "none", "none");
  want("fan_in_fan_out", (v) => v === undefined || v === false, "false");
  want("use_dora", (v) => v === undefined || v === false, "false (DoRA is not implemented)");
  for (const key of ["modules_to_save", "rank_pattern", "alpha_pattern", "layers_to_transform"])
    want(key, empty, "null or empty");
  const config: LoraConfig = {
    r: json.r as number,
    alpha: json.lora_alpha as number,
    dropout: typeof json.lora_dropout === "number" ? json.lora_dropout : 0,
    targetModules: json.target_modules as string[],
    rslora: json.use_rslora === true,
  };
  const { tensors, metadata } = readSafetensors(path.join(folder.dir, PEFT_WEIGHTS));
  const modules = model.linearModules();
  const values = new Map<string, Float32Array>();
  for (const [key, t] of Object.entries(tensors)) {
    const m = /^base_model\.model\.(.+)\.lora_([AB])\.weight$/.exec(key);
    const module = m?.[1];
    const spec = module ? modules.get(module) : undefined;
    if (!m || !module || !spec) {
      throw new TunixError("E_SCHEMA", {
        file: wFile,
        field: key,
        message: `not a LoRA weight of a ${model.family} projection`,
        hint: `keys are base_model.model.<module>.lora_A.weight / lora_B.weight with <module> one of the model's projections, e.g. ${[...modules.keys()][0]}`,
      });
    }
    const shape = m[2] === "A" ? [config.r, spec.in] : [spec.out, config.r];
    if (t.shape.join(",") !== shape.join(","))
      throw new TunixError("E_MISMATCH", {
        file: wFile,
        field: `${key}.shape`,
        expected: `[${shape.join(", ")}]`,
        found: `[${t.shape.join(", ")}]`,
      });
    values.set(`${module}.lora_${m[2]}`, transpose2d(toFloat32(t), shape[0], shape[1]));
  }
  // Every module the targets select must have both matrices, and nothing else may be there.
  let selected: string[];
  try {
    selected = selectModules(modules, config.targetModules, model.family);
  } catch (err) {
    if (err instanceof TunixError)
      throw new TunixError(
        err.code,
        err.problems.map((p) => ({ ...p, file: cfgFile, field: "target_modules" })),
      );
    throw err;
  }
  const held = new Set([...values.keys()].map((k) => k.replace(/\.lora_[AB]$/, "")));
  for (const module of selected) {
    for (const ab of ["A", "B"])
      if (!values.has(`${module}.lora_${ab}`))
        throw new TunixError("E_NOT_FOUND", {
          file: wFile,
          field: `${PREFIX}${module}.lora_${ab}.weight`,
          message: "tensor missing (target_modules selects this module)",
        });
    held.delete(module);
  }
  if (held.size > 0)
    throw new TunixError("E_MISMATCH", {
      file: wFile,
      field: `${PREFIX}${[...held][0]}.lora_A.weight`,
      message: "a module that target_modules does not select",
    });
  return { config, values, baseHash: metadata[BASE_HASH_KEY] };
}

/** Attach a PEFT adapter to `model`, refusing one trained on other base weights. */
export async function loadPeftAdapter(
  folder: { dir: string; display: string },
  model: CausalLM,
): Promise<void> {
  const adapter = readPeftAdapter(folder, model);
  if (adapter.baseHash !== undefined) {
    const base = await baseWeightsHash(model);
    if (base !== adapter.baseHash) {
      throw new TunixError("E_MISMATCH", {
        file: `${folder.display}/${PEFT_WEIGHTS}`,
        field: `__metadata__.${BASE_HASH_KEY}`,
        expected: adapter.baseHash,
        found: base,
        hint: "the adapter was trained on other base weights; load it over the model it was made for",
      });
    }
  }
  attachLora(model, adapter.config, 0, adapter.values);
}
