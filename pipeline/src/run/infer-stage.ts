// The infer stage as the run folder sees it: read `runs/<id>/run.json`, load the run's exported
// model (or another model folder) on its backend, refuse a tokenizer or chat template other than
// the ones the run was trained with (fingerprints in run.json), generate for every item of the eval
// split (infer/predictions.ts) and write `runs/<id>/predictions.jsonl`, recording the generation
// settings in run.json. With `eval`, the items come from any dataset/split (or the settings differ)
// and everything goes to `runs/<id>/evals/<name>/` (run/eval-target.ts), recorded in its eval.json.
// With `shard: {index, count}`, only that shard of the items is generated, into the target's
// `shards/` folder; `mergeShards` (run/infer-shards.ts) joins them into the same predictions file
// an unsharded run writes.
//
//   await inferRun({ root, runDir, onProgress });              // a trained run folder
//   await inferRun({ root, runDir, modelDir: "path/to/hf" });  // any model folder
//   await inferRun({ root, runDir, device: "wasm" });          // another backend than training's
//   await inferRun({ root, runDir, eval: { dataset: "gsm8k", split: "test" } });
//   await inferRun({ root, runDir, shard: { index: 2, count: 3 } });
import { existsSync } from "node:fs";
import path from "node:path";
import { chatTemplateFor, chatTemplateOfFamily } from "../dataset/chat-template.ts";
import { loadExamples } from "../dataset/examples.ts";
import { TunixError } from "../errors.ts";
import { predictExamples, type Shard, samplesOf, shardRange } from "../infer/predictions.ts";
import { writeJsonlAtomic } from "../io/atomic.ts";
import { weightsSha256 } from "../io/folder-files.ts";
import { readYamlFile } from "../io/read.ts";
import { type Device, initBackend } from "../model/backend.ts";
import { loadModelFolder } from "../model/model-folder.ts";
import { DatasetManifest } from "../schemas/dataset.ts";
import type { EvalManifest } from "../schemas/eval.ts";
import type { PredictionRow } from "../schemas/rows.ts";
import type { RunManifest } from "../schemas/run.ts";
import {
  type EvalRequest,
  type EvalTarget,
  PREDICTIONS_FILE,
  recordGeneration,
  resolveEvalTarget,
} from "./eval-target.ts";
import { writeShard } from "./infer-shards.ts";
import { lockHashOf, readRunManifest } from "./manifest.ts";
import { checkInferProvenance } from "./provenance.ts";

export { PREDICTIONS_FILE };

export interface InferOptions {
  root: string;
  runDir: string;
  /** A model folder to use instead of the run's own exported model. */
  modelDir?: string;
  /** Tensor backend; default the run's `training.device`. */
  device?: Device;
  /** Another evaluation of the run (runs/<id>/evals/<name>/); default the run's own eval. */
  eval?: EvalRequest;
  /** Generate only this shard of the items (into the target's shards/ folder). */
  shard?: Shard;
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
  const startedAt = new Date();
  const runDir = path.resolve(root, opts.runDir);
  const m = readRunManifest(runDir);
  const cfg = m.config;
  const target = resolveEvalTarget(root, runDir, m, opts.eval);
  const { split, gen } = target;
  refuseSettings(target, m);
  // The split and the weights must be the ones the run recorded (run/provenance.ts).
  checkInferProvenance(root, m, { dataset: target.dataset, split, modelDir: opts.modelDir, runDir });
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
  // The template the run trained with (refused when this code renders it differently).
  const template = m.chatTemplate
    ? chatTemplateFor(m.chatTemplate, where)
    : chatTemplateOfFamily(cfg.model.family);

  let examples = await loadExamples(root, target.dataset, split, { traceFormat, template });
  if (target.limit) examples = examples.slice(0, target.limit);
  const total = examples.length;
  const [from, to] = opts.shard ? shardRange(total, gen, opts.shard) : [0, total];
  const rows = await predictExamples(model, tokenizer, examples.slice(from, to), gen, opts.onProgress);
  const record = {
    ...gen,
    split,
    traceFormat,
    items: rows.length,
    backend: backend.name,
    modelDir: relOf(root, modelDir),
  };
  const evalModel = target.name ? modelRecord(root, m, modelDir) : undefined;
  if (opts.shard) {
    writeShard(target.dir, opts.shard, rows, {
      record,
      items: { from, to, total },
      dataset: {
        name: target.dataset,
        split,
        lockHash: lockHashOf(root, target.dataset),
        limit: target.limit,
      },
      eval: target.name ? { name: target.name, note: target.note, model: evalModel } : undefined,
    });
    return rows;
  }
  writeJsonlAtomic(path.join(target.dir, PREDICTIONS_FILE), rows);
  recordGeneration(runDir, target, record, lockHashOf(root, target.dataset), evalModel, startedAt);
  return rows;
}

/** The model an extra eval used: its folder, weights digest, and whether it is the run's own. */
function modelRecord(root: string, m: RunManifest, modelDir: string): NonNullable<EvalManifest["model"]> {
  const weights = weightsSha256(modelDir);
  const own = m.artifacts.find((a) => a.uri.endsWith("/model.safetensors"))?.sha256;
  const rel = relOf(root, modelDir);
  return {
    dir: rel.startsWith("../") ? path.basename(modelDir) : rel,
    weightsSha256: weights,
    sameAsRun: own === weights,
  };
}

/** Several samples need sampled decoding. */
function refuseSettings(target: EvalTarget, m: RunManifest): void {
  if (samplesOf(target.gen) > 1 && target.gen.decoding !== "sample") {
    throw new TunixError("E_USAGE", {
      file: `runs/${m.id}/run.json`,
      field: target.name ? `evals.${target.name}.decoding` : "config.inference.decoding",
      expected: `decoding: sample with samples: ${target.gen.samples}`,
      found: "greedy",
      hint: "greedy decoding gives the same output every time: set decoding to sample (with a temperature)",
    });
  }
}

function relOf(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join("/");
}
