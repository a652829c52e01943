// Checkpoints: `<artifacts>/<run-id>/checkpoints/step-N/` holding model.safetensors (weights),
// optimizer.safetensors (AdamW moments `m.<name>`, `v.<name>`) and state.json (step, data cursor,
// counters). Written into a temp folder and renamed, so a folder named step-N is always complete;
// only the last `keep` are kept.
//
//   saveCheckpoint(dir, { step, … }, model, optimizer, keep);
//   const ck = latestCheckpoint(dir);  // undefined when none
//   restoreCheckpoint(ck, model, optimizer) → state
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../errors.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import type { DecoderModel } from "../model/families.ts";
import { loadTensorFile, type NamedTensor, saveTensorFile } from "../model/tensor-file.ts";
import { modelTensorsOf } from "../model/weights.ts";
import type { StreamCursor } from "./batching.ts";
import type { Optimizer } from "./optimizer.ts";

export interface TrainState {
  schemaVersion: 1;
  /** Optimizer steps done. */
  step: number;
  cursor: StreamCursor;
  /** Loss-carrying tokens seen. */
  tokens: number;
  elapsedS: number;
  seed: number;
  /** sha256 of the resolved config: a resume with another config is refused. */
  configHash: string;
}

export function checkpointRoot(artifactDir: string): string {
  return path.join(artifactDir, "checkpoints");
}

export function saveCheckpoint(
  root: string,
  state: TrainState,
  model: DecoderModel,
  opt: Optimizer,
  keep: number,
): string {
  mkdirSync(root, { recursive: true });
  const final = path.join(root, `step-${state.step}`);
  const tmp = path.join(root, `.tmp-step-${state.step}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  saveTensorFile(path.join(tmp, "model.safetensors"), modelTensorsOf(model));
  const o = opt.exportState();
  const moments = new Map<string, NamedTensor>();
  for (const [name, p] of model.params) {
    moments.set(`m.${name}`, { shape: p.shape, values: o.m.get(name) as Float32Array });
    moments.set(`v.${name}`, { shape: p.shape, values: o.v.get(name) as Float32Array });
  }
  saveTensorFile(path.join(tmp, "optimizer.safetensors"), moments, { step: String(o.step) });
  writeJsonAtomic(path.join(tmp, "state.json"), state);
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  for (const old of listCheckpoints(root).slice(0, -keep))
    rmSync(path.join(root, `step-${old}`), { recursive: true, force: true });
  return final;
}

/** Steps of complete checkpoints, ascending. */
export function listCheckpoints(root: string): number[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((n) => /^step-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export function latestCheckpoint(root: string): string | undefined {
  const steps = listCheckpoints(root);
  return steps.length ? path.join(root, `step-${steps[steps.length - 1]}`) : undefined;
}

export function restoreCheckpoint(dir: string, model: DecoderModel, opt: Optimizer): TrainState {
  const state = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")) as TrainState;
  const weights = loadTensorFile(path.join(dir, "model.safetensors")).tensors;
  for (const [name, p] of model.params) {
    const t = weights.get(name);
    if (!t || t.values.length !== p.size) {
      throw new TunixError("E_MISMATCH", {
        file: dir,
        field: name,
        expected: `[${p.shape}]`,
        found: t ? `[${t.shape}]` : "missing",
      });
    }
    p.assign(tf.tidy(() => tf.tensor(t.values, p.shape)));
  }
  const moments = loadTensorFile(path.join(dir, "optimizer.safetensors"));
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  for (const [name, t] of moments.tensors) (name.startsWith("m.") ? m : v).set(name.slice(2), t.values);
  opt.loadState({ step: Number(moments.metadata.step), m, v });
  return state;
}
