// Checkpoints: `<artifacts>/<run-id>/checkpoints/step-N/` holding model.safetensors (the trainable
// parameters: every weight for full fine-tuning, only the adapters for LoRA — then with the SHA-256
// of the base weights in its metadata), optimizer.safetensors (AdamW moments `m.<name>`, `v.<name>`
// of the trainable parameters) and state.json (step, data cursor, counters). Written into a temp
// folder and renamed, so a folder named step-N is always complete; only the last `keep` are kept.
//
//   await saveCheckpoint(dir, { step, … }, model, optimizer, keep);
//   const ck = latestCheckpoint(dir);  // undefined when none
//   await restoreCheckpoint(ck, model, optimizer) → state (refuses other base weights under LoRA)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../errors.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import type { CausalLM } from "../model/causal-lm.ts";
import { loadTensorFile, type NamedTensor, saveTensorFile } from "../model/tensor-file.ts";
import { baseWeightsHash, namedTensorsOf } from "../model/weights.ts";
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

export async function saveCheckpoint(
  root: string,
  state: TrainState,
  model: CausalLM,
  opt: Optimizer,
  keep: number,
): Promise<string> {
  mkdirSync(root, { recursive: true });
  const final = path.join(root, `step-${state.step}`);
  const tmp = path.join(root, `.tmp-step-${state.step}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const trainable = model.trainable();
  const meta: Record<string, string> = model.lora
    ? { base_weights_sha256: await baseWeightsHash(model) }
    : {};
  saveTensorFile(path.join(tmp, "model.safetensors"), await namedTensorsOf(trainable), meta);
  const o = await opt.exportState();
  const moments = new Map<string, NamedTensor>();
  for (const [name, p] of trainable) {
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

export async function restoreCheckpoint(dir: string, model: CausalLM, opt: Optimizer): Promise<TrainState> {
  const state = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")) as TrainState;
  const file = loadTensorFile(path.join(dir, "model.safetensors"));
  if (model.lora) {
    const base = await baseWeightsHash(model);
    if (file.metadata.base_weights_sha256 !== base) {
      throw new TunixError("E_MISMATCH", {
        file: dir,
        field: "base_weights_sha256",
        expected: file.metadata.base_weights_sha256 ?? "a LoRA checkpoint",
        found: base,
        hint: "the checkpoint's adapters were trained on other base weights; resume with the same model.weights",
      });
    }
  }
  const weights = file.tensors;
  for (const [name, p] of model.trainable()) {
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
