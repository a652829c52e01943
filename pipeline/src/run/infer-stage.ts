// The infer stage as the run folder sees it: read `runs/<id>/run.json`, load the run's exported
// model (or another model folder) on its backend, refuse a tokenizer or chat template other than
// the ones the run was trained with (fingerprints in run.json), generate for every item of the eval
// split (infer/predictions.ts) and write `runs/<id>/predictions.jsonl`, recording the generation
// settings in run.json.
//
//   await inferRun({ root, runDir, onProgress });              // a trained run folder
//   await inferRun({ root, runDir, modelDir: "path/to/hf" });  // any model folder
//   await inferRun({ root, runDir, device: "wasm" });          // another backend than training's
import { existsSync } from "node:fs";
import path from "node:path";
import { chatTemplateFingerprint, GEMMA_TEMPLATE } from "../dataset/chat-template.ts";
import { loadExamples } from "../dataset/examples.ts";
import { TunixError } from "../errors.ts";
import { generationSettingsOf, predictExamples } from "../infer/predictions.ts";
import { writeJsonlAtomic } from "../io/atomic.ts";
import { readYamlFile } from "../io/read.ts";
import { type Device, initBackend } from "../model/backend.ts";
import { loadModelFolder } from "../model/model-folder.ts";
import { DatasetManifest } from "../schemas/dataset.ts";
import type { PredictionRow } from "../schemas/rows.ts";
import type { RunManifest } from "../schemas/run.ts";
import { readRunManifest, writeRunManifest } from "./manifest.ts";

export const PREDICTIONS_FILE = "predictions.jsonl";

export interface InferOptions {
  root: string;
  runDir: string;
  /** A model folder to use instead of the run's own exported model. */
  modelDir?: string;
  /** Tensor backend; default the run's `training.device`. */
  device?: Device;
  onProgress?: (done: number, total: number) => void;
}

/** The exported model folder of a run, from its `model.safetensors` artifact. */
export function modelDirOf(root: string, m: RunManifest): string {
  const art = m.artifacts.find((a) => a.uri.endsWith("/model.safetensors"));
  if (!art?.uri.startsWith("file:")) {
    throw new TunixError("E_STATE", {
      file: `runs/${m.id}/run.json`,
      field: "artifacts",
      expected: "a model.safetensors artifact",
      found: "none",
      hint: `train first: tunix-rt run ${m.configPath ?? "<config>"}`,
    });
  }
  const dir = path.dirname(path.resolve(root, art.uri.slice("file:".length)));
  if (!existsSync(dir)) {
    throw new TunixError("E_NOT_FOUND", {
      file: path.relative(root, dir),
      message: "the run's model folder is not in the local artifact store",
      hint: "fetch the weights artifact, or pass --model <folder>",
    });
  }
  return dir;
}

/** The trace format the run's dataset writes completions in (recorded in run.json on first use). */
export function traceFormatOf(root: string, m: RunManifest): string {
  const recorded = m.generation?.traceFormat;
  if (typeof recorded === "string") return recorded;
  const file = path.join(root, "datasets", `${m.config.dataset.name}.yaml`);
  return readYamlFile(file, DatasetManifest, `datasets/${m.config.dataset.name}.yaml`).format.trace;
}

export async function inferRun(opts: InferOptions): Promise<PredictionRow[]> {
  const { root } = opts;
  const runDir = path.resolve(root, opts.runDir);
  const m = readRunManifest(runDir);
  const cfg = m.config;
  const split = cfg.inference.split ?? cfg.dataset.evalSplit;
  const traceFormat = traceFormatOf(root, m);
  const modelDir = opts.modelDir ? path.resolve(root, opts.modelDir) : modelDirOf(root, m);
  // The backend the run trained on unless told otherwise (a resumed or standalone infer has none yet).
  const backend = await initBackend(opts.device ?? cfg.training.device);
  const { model, tokenizer } = await loadModelFolder(modelDir);

  const where = `runs/${m.id}/run.json`;
  if (m.tokenizer && m.tokenizer.fingerprint !== tokenizer.fingerprint()) {
    throw new TunixError("E_MISMATCH", {
      file: where,
      field: "tokenizer.fingerprint",
      expected: m.tokenizer.fingerprint,
      found: tokenizer.fingerprint(),
      hint: "the model folder's tokenizer is not the one the run was trained with",
    });
  }
  const templateFp = chatTemplateFingerprint(GEMMA_TEMPLATE);
  if (m.chatTemplate && m.chatTemplate.fingerprint !== templateFp) {
    throw new TunixError("E_MISMATCH", {
      file: where,
      field: "chatTemplate.fingerprint",
      expected: m.chatTemplate.fingerprint,
      found: templateFp,
      hint: "the chat template changed since training; re-train or infer with the old code",
    });
  }

  let examples = await loadExamples(root, cfg.dataset.name, split, { traceFormat });
  if (cfg.dataset.evalLimit) examples = examples.slice(0, cfg.dataset.evalLimit);
  const gen = generationSettingsOf(cfg);
  const rows = await predictExamples(model, tokenizer, examples, gen, opts.onProgress);
  writeJsonlAtomic(path.join(runDir, PREDICTIONS_FILE), rows);
  const latest = readRunManifest(runDir);
  latest.generation = {
    ...gen,
    split,
    traceFormat,
    items: rows.length,
    backend: backend.name,
    modelDir: path.relative(root, modelDir).split(path.sep).join("/"),
  };
  writeRunManifest(runDir, latest);
  return rows;
}
