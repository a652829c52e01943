// A Gemma 3 model as a Hugging Face folder that transformers loads (`Gemma3ForCausalLM.from_pretrained`,
// `AutoTokenizer.from_pretrained`): config.json (the source config with only the dtype changed and
// the project's tunix_* keys left out),
// model.safetensors (Hugging Face names, linear weights transposed back to [out, in], BF16 or F32,
// metadata format=pt), generation_config.json, tokenizer.json and tokenizer_config.json (with the
// chat template when the tokenizer has one). LoRA adapters, when attached, are merged into the
// written weights (W + A·B·scaling) without changing the model in memory: a full fine-tune and a
// merged LoRA run give the same kind of folder. Written into a temp folder renamed into place, so
// a failure leaves nothing behind.
//
//   await exportGemma3Folder("out/merged", model, tokenizer, { dtype: "bf16" });
import { mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeJsonAtomic } from "../../io/atomic.ts";
import { f32ToBf16, type SafeTensor, writeSafetensors } from "../safetensors.ts";
import type { Tokenizer } from "../tokenizers/index.ts";
import type { Gemma3Model } from "./gemma3.ts";
import { gemma3ParamSpecs, transpose2d } from "./gemma3-weights.ts";

export type ExportDtype = "bf16" | "f32";

export const HF_FOLDER_FILES = [
  "config.json",
  "generation_config.json",
  "model.safetensors",
  "tokenizer.json",
  "tokenizer_config.json",
] as const;

export async function exportGemma3Folder(
  dir: string,
  model: Gemma3Model,
  tok: Tokenizer,
  o: { dtype: ExportDtype },
): Promise<string[]> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const c = model.config;
    const dtypeName = o.dtype === "bf16" ? "bfloat16" : "float32";
    // The project's own keys (tunix_*) stay out: the folder is for other tools.
    const json = Object.fromEntries(
      Object.entries(model.source.json).filter(
        ([k]) => !k.startsWith("tunix_") && k !== "torch_dtype" && k !== "dtype",
      ),
    );
    // transformers 5 writes `dtype`, earlier versions `torch_dtype`; keep the source's spelling.
    const key =
      "dtype" in model.source.json && !("torch_dtype" in model.source.json) ? "dtype" : "torch_dtype";
    writeJsonAtomic(path.join(tmp, "config.json"), { ...json, [key]: dtypeName });
    writeJsonAtomic(path.join(tmp, "generation_config.json"), {
      bos_token_id: c.bosId,
      eos_token_id: c.eosIds.length === 1 ? c.eosIds[0] : c.eosIds,
      pad_token_id: c.padId,
    });
    writeSafetensors(path.join(tmp, "model.safetensors"), await hfTensorsOf(model, o.dtype), {
      format: "pt",
    });
    writeJsonAtomic(path.join(tmp, "tokenizer.json"), tok.toJSON());
    writeJsonAtomic(path.join(tmp, "tokenizer_config.json"), tok.toConfigJSON());
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return HF_FOLDER_FILES.map((f) => path.join(dir, f));
}

/** Hugging Face tensors of the model (adapters merged), one parameter read at a time. */
export async function hfTensorsOf(
  model: Gemma3Model,
  dtype: ExportDtype,
): Promise<Record<string, SafeTensor>> {
  const out: Record<string, SafeTensor> = {};
  const lora = model.lora;
  for (const spec of gemma3ParamSpecs(model.config)) {
    const w = model.params.get(spec.name) as tf.Variable;
    const ad = lora?.modules.get(spec.name.replace(/\.weight$/, ""));
    const merged = ad && lora ? tf.tidy(() => tf.add(w, tf.mul(tf.matMul(ad.a, ad.b), lora.scaling))) : w;
    let values = (await merged.data()) as Float32Array;
    if (merged !== w) merged.dispose();
    let shape = spec.shape;
    if (spec.linear) {
      values = transpose2d(values, spec.shape[0], spec.shape[1]);
      shape = [spec.shape[1], spec.shape[0]];
    }
    out[spec.name] =
      dtype === "bf16"
        ? { dtype: "BF16", shape, data: f32ToBf16(values) }
        : { dtype: "F32", shape, data: values };
  }
  return out;
}
