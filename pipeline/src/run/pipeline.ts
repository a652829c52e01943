// `tunix-rt run <config>`: train → infer → judge → summarize into one run folder. The run id is the
// config name plus a hash of the resolved config and the dataset lock, so running the same config on
// the same data again resumes the same folder: completed stages are skipped (unless `force`), an
// interrupted training resumes from its last checkpoint. run.json carries status and stage timings.
//
//   const r = await runPipeline({ root, configPath: "configs/runs/demo.yaml", sets: [], log });
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { checkDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { hashValue } from "../io/json.ts";
import { readJsonFile } from "../io/read.ts";
import { JUDGES } from "../judge/registry.ts";
import type { RunConfig } from "../schemas/config.ts";
import type { RunManifest } from "../schemas/run.ts";
import { EvalSummary } from "../schemas/summary.ts";
import type { TrainProgress } from "../train/sft.ts";
import { loadRunConfig } from "./config-load.ts";
import { inferRun } from "./infer-stage.ts";
import { judgeRunFolder, SUMMARY_FILE, summarizeRunFolder } from "./judge-stage.ts";
import {
  lockHashOf,
  RUN_FILE,
  readRunManifest,
  runIdFor,
  runStage,
  stageDone,
  writeRunManifest,
} from "./manifest.ts";
import { trainWithManifest } from "./train-stage.ts";

export interface RunPipelineOptions {
  root: string;
  configPath: string;
  sets?: string[];
  runId?: string;
  /** Re-run every stage from scratch. */
  force?: boolean;
  signal?: AbortSignal;
  /** Stop training at this step (a sweep rung) and return before infer; not part of the config or run id. */
  stopAtStep?: number;
  log?: (line: string) => void;
  onTrainProgress?: (p: TrainProgress) => void;
  onInferProgress?: (done: number, total: number) => void;
}

export interface RunPipelineResult {
  runId: string;
  runDir: string;
  skipped: string[];
  summary?: EvalSummary;
  interrupted: boolean;
  /** Set when training stopped at `stopAtStep`: the run stays resumable and has no summary yet. */
  stoppedAtStep?: number;
}

export async function runPipeline(opts: RunPipelineOptions): Promise<RunPipelineResult> {
  const { root } = opts;
  const log = opts.log ?? (() => {});
  const loaded = loadRunConfig(root, opts.configPath, opts.sets ?? []);
  const dataset = loaded.config.dataset.name;
  // A misspelt judge fails now, not after training.
  const unknown = loaded.config.judges.filter((j) => !JUDGES[j]);
  if (unknown.length > 0) {
    throw new TunixError("E_SCHEMA", {
      file: loaded.configPath,
      field: "judges",
      expected: `judges among ${Object.keys(JUDGES).join(", ")}`,
      found: unknown.join(", "),
      hint: "see pipeline/src/judge/registry.ts",
    });
  }
  const stale = await checkDatasetLock(root, dataset);
  if (stale.length > 0) throw new TunixError("E_STALE", stale);

  const runId = opts.runId ?? runIdFor(loaded.name, loaded.config, lockHashOf(root, dataset));
  const runDir = path.join(root, "runs", runId);
  if (opts.force && existsSync(runDir)) {
    rmSync(runDir, { recursive: true, force: true });
    rmSync(path.resolve(root, loaded.config.artifacts.dir, runId), { recursive: true, force: true });
  }
  const skipped: string[] = [];
  const exists = existsSync(path.join(runDir, RUN_FILE));
  if (exists) refuseOtherInputs(readRunManifest(runDir), loaded.config, lockHashOf(root, dataset));
  if (!exists || !stageDone(readRunManifest(runDir), "train")) {
    log(`train: runs/${runId}${exists ? " (resuming)" : ""}`);
    const { summary } = await trainWithManifest({
      root,
      runId,
      loaded,
      resume: exists,
      signal: opts.signal,
      onProgress: opts.onTrainProgress,
      stopAtStep: opts.stopAtStep,
    });
    if (summary.interrupted) return { runId, runDir, skipped, interrupted: true };
    if (summary.stoppedAtStep !== undefined)
      return { runId, runDir, skipped, interrupted: false, stoppedAtStep: summary.stoppedAtStep };
  } else skipped.push("train");

  const stage = async (name: "infer" | "judge" | "summarize", work: () => Promise<unknown>) => {
    if (stageDone(readRunManifest(runDir), name)) {
      skipped.push(name);
      return;
    }
    log(`${name}: runs/${runId}`);
    await runStage(runDir, name, work);
  };
  await stage("infer", () => inferRun({ root, runDir, onProgress: opts.onInferProgress }));
  await stage("judge", () => judgeRunFolder({ root, runDir }));
  await stage("summarize", async () => summarizeRunFolder({ root, runDir }));

  const m = readRunManifest(runDir);
  m.status = "completed";
  m.error = undefined;
  writeRunManifest(runDir, m);
  const summary = readJsonFile(path.join(runDir, SUMMARY_FILE), EvalSummary);
  return { runId, runDir, skipped, summary, interrupted: false };
}

/** An existing run folder (same `--run-id`) resumes only with the config and dataset lock it was made with. */
function refuseOtherInputs(m: RunManifest, config: RunConfig, lockHash: string): void {
  const sameConfig = hashValue(m.config) === hashValue(config);
  const sameLock = !m.dataset?.lockHash || m.dataset.lockHash === lockHash;
  if (sameConfig && sameLock) return;
  throw new TunixError("E_STATE", {
    file: `runs/${m.id}/run.json`,
    message: `the run was made with another ${sameConfig ? "dataset lock" : "config"}`,
    hint: "pass --force to redo it, or choose another --run-id",
  });
}
