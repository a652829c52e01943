// `tunix-rt model merge <run>`: the run's model with its LoRA adapters folded into the base weights,
// written in the family's own format (a GPT folder; for Gemma 3 a Hugging Face folder that
// transformers loads, bf16 or f32) under `<artifacts>/<run-id>/merged/`, and recorded as artifacts
// in run.json. A full fine-tune has nothing to fold: its folder is re-exported the same way.
//
//   const r = await mergeRun({ root, runDir: "runs/demo-lora-1a2b3c4d", dtype: "f32" });  // { dir, files }
import path from "node:path";
import { TunixError } from "../errors.ts";
import { outputPathInRepo, pathInRepo } from "../io/confine.ts";
import type { CausalLM } from "../model/causal-lm.ts";
import type { Gemma3Model } from "../model/families/gemma3.ts";
import { exportGemma3Folder } from "../model/families/gemma3-export.ts";
import { mergeLora } from "../model/lora.ts";
import { exportModelFolder, loadModelFolder } from "../model/model-folder.ts";
import type { Tokenizer } from "../model/tokenizers/index.ts";
import { fileArtifact } from "../train/artifacts.ts";
import { modelDirOf } from "./infer-stage.ts";
import { readRunManifest, writeRunManifest } from "./manifest.ts";
import { checkWeights } from "./provenance.ts";

export interface MergeOptions {
  root: string;
  runDir: string;
  dtype?: "bf16" | "f32";
  /** Output folder (default `<artifacts.dir>/<run-id>/merged`). */
  out?: string;
}

export async function mergeRun(o: MergeOptions): Promise<{ dir: string; files: string[]; adapters: number }> {
  const runDir = pathInRepo(o.root, o.runDir, { field: "run folder" });
  const m = readRunManifest(runDir);
  checkWeights(o.root, m); // the run's own weights, inside the repository (run/provenance.ts)
  const { model, tokenizer } = await loadModelFolder(modelDirOf(o.root, m));
  const adapters = model.lora?.modules.size ?? 0;
  // The output stays inside the repository, whether named by --out or by the run's artifacts.dir.
  const dir = outputPathInRepo(
    o.root,
    o.out ?? path.join(m.config.artifacts.dir, m.id, "merged"),
    o.out ? { field: "--out" } : { field: "config.artifacts.dir", file: `runs/${m.id}/run.json` },
    o.root,
    "replace-dir",
  );
  const files = await exportMerged(m.config.model.family, dir, model, tokenizer, o.dtype ?? "f32");
  model.dispose();
  const latest = readRunManifest(runDir);
  const merged = files.map((f) => fileArtifact(o.root, f, `merged/${path.basename(f)}`));
  latest.artifacts = [...latest.artifacts.filter((a) => !a.name.startsWith("merged/")), ...merged];
  writeRunManifest(runDir, latest);
  return { dir, files, adapters };
}

/** The family's own format: a GPT folder (float32), or a Hugging Face folder for Gemma 3. */
async function exportMerged(
  family: string,
  dir: string,
  model: CausalLM,
  tok: Tokenizer,
  dtype: "bf16" | "f32",
): Promise<string[]> {
  if (family === "gemma3") return exportGemma3Folder(dir, model as Gemma3Model, tok, { dtype });
  if (dtype !== "f32") {
    throw new TunixError("E_USAGE", {
      field: "--dtype",
      expected: "f32 (the GPT's own format is float32)",
      found: dtype,
    });
  }
  mergeLora(model);
  return exportModelFolder(dir, model, tok);
}
