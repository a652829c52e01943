// `tunix-rt model merge <run>`: the run's model with its LoRA adapters folded into the base weights,
// written in the family's own format (a GPT folder; for Gemma 3 a Hugging Face folder that
// transformers loads, bf16 or f32) under `<artifacts>/<run-id>/merged/`, and recorded as artifacts
// in run.json. A full fine-tune has nothing to fold: its folder is re-exported the same way.
//
//   const r = await mergeRun({ root, runDir: "runs/demo-lora-1a2b3c4d", dtype: "f32" });  // { dir, files }
import path from "node:path";
import { FAMILIES } from "../model/families.ts";
import { loadModelFolder } from "../model/model-folder.ts";
import { fileArtifact } from "../train/artifacts.ts";
import { modelDirOf } from "./infer-stage.ts";
import { readRunManifest, writeRunManifest } from "./manifest.ts";

export interface MergeOptions {
  root: string;
  runDir: string;
  dtype?: "bf16" | "f32";
  /** Output folder (default `<artifacts.dir>/<run-id>/merged`). */
  out?: string;
}

export async function mergeRun(o: MergeOptions): Promise<{ dir: string; files: string[]; adapters: number }> {
  const runDir = path.resolve(o.root, o.runDir);
  const m = readRunManifest(runDir);
  const { model, tokenizer } = await loadModelFolder(modelDirOf(o.root, m));
  const adapters = model.lora?.modules.size ?? 0;
  const dir = path.resolve(o.root, o.out ?? path.join(m.config.artifacts.dir, m.id, "merged"));
  const family = FAMILIES[m.config.model.family];
  const files = await family.exportMerged(dir, model, tokenizer, { dtype: o.dtype ?? "f32" });
  model.dispose();
  const latest = readRunManifest(runDir);
  const merged = files.map((f) => fileArtifact(o.root, f, `merged/${path.basename(f)}`));
  latest.artifacts = [...latest.artifacts.filter((a) => !a.name.startsWith("merged/")), ...merged];
  writeRunManifest(runDir, latest);
  return { dir, files, adapters };
}
