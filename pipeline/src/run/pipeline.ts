// `tunix-rt run <config>`: train → infer → judge → summarize into one run folder, then each eval the
// config lists under `inference.evals` (run/listed-evals.ts). The run id is the
// config name plus a hash of the resolved config and the dataset lock, so running the same config on
// the same data again resumes the same folder: completed stages are skipped (unless `force`), an
// interrupted training resumes from its last checkpoint. run.json carries status and stage timings.
// Ctrl-C or SIGTERM (the signal) stops training at a checkpoint, or the pipeline after the current
// stage; the run is then `interrupted` and `resumeCommand` is the exact command that continues it.
// One process at a time writes a run folder (a lock; a second gets E_BUSY); `force` deletes the run
// folder and, in the artifact store, only the checkpoints and model the run wrote.
//
//   const r = await runPipeline({ root, configPath: "configs/runs/demo.yaml", sets: [], log });
import { existsSync } from "node:fs";
import path from "node:path";
import { checkDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { pathInRepo, removeCreated } from "../io/confine.ts";
import { holdLock } from "../io/file-lock.ts";
import { removeFolder } from "../io/folder-files.ts";
import { readJsonFile } from "../io/read.ts";
import { JUDGES } from "../judge/registry.ts";
import type { RunConfig } from "../schemas/config.ts";
import type { RunManifest } from "../schemas/run.ts";
import { EvalSummary } from "../schemas/summary.ts";
import type { TrainProgress } from "../train/sft.ts";
import { loadRunConfig } from "./config-load.ts";
import { inferRun } from "./infer-stage.ts";
import { judgeRunFolder, SUMMARY_FILE, summarizeRunFolder } from "./judge-stage.ts";
import { runListedEvals } from "./listed-evals.ts";
import {
  lockHashOf,
  RUN_FILE,
  readRunManifest,
  runIdFor,
  runStage,
  stageDone,
  writeRunManifest,
} from "./manifest.ts";
import { changedConfigKeys, datasetIdentity } from "./provenance.ts";
import { resumeCommand } from "./resume-command.ts";
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
  /** The command that continues this run when interrupted (default: `tunix-rt run … --run-id <id>`). */
  resumeCommand?: string;
  log?: (line: string) => void;
  onTrainProgress?: (p: TrainProgress) => void;
  onInferProgress?: (done: number, total: number) => void;
}

export interface RunPipelineResult {
  runId: string;
  runDir: string;
  skipped: string[];
  summary?: EvalSummary;
  /** The config's `inference.evals`, in order, each with its summary (runs/<id>/evals/<name>/). */
  evals?: { name: string; summary: EvalSummary }[];
  interrupted: boolean;
  /** When interrupted: the exact command that continues the run. */
  resumeCommand?: string;
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
  if (!RUN_ID.test(runId)) {
    throw new TunixError("E_USAGE", {
      field: "--run-id",
      expected: "lowercase letters, digits, '.', '_' or '-' (a folder name under runs/)",
      found: JSON.stringify(runId),
    });
  }
  const runDir = pathInRepo(root, path.join("runs", runId), { field: "run folder" });
  using _lock = holdLock(root, runDir, { waitMs: 0, what: `runs/${runId}` });
  const resume =
    opts.resumeCommand ??
    resumeCommand("run", {
      configPath: loaded.configPath,
      sets: opts.sets,
      runId,
      flags: opts.stopAtStep !== undefined ? ["--stop-at-step", String(opts.stopAtStep)] : [],
    });
  if (opts.force && existsSync(runDir)) {
    removeFolder(runDir);
    removeCreated(root, path.join(loaded.config.artifacts.dir, runId), ["checkpoints", "model"], {
      field: "artifacts.dir",
    });
  }
  const skipped: string[] = [];
  const exists = existsSync(path.join(runDir, RUN_FILE));
  if (exists) refuseOtherInputs(root, readRunManifest(runDir), loaded.config, lockHashOf(root, dataset));
  const interrupted = () => ({ runId, runDir, skipped, interrupted: true, resumeCommand: resume });
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
      resumeCommand: resume,
    });
    if (summary.interrupted) return interrupted();
    if (summary.stoppedAtStep !== undefined)
      return { runId, runDir, skipped, interrupted: false, stoppedAtStep: summary.stoppedAtStep };
  } else skipped.push("train");

  // Stages run in turn; a signal that arrives during one stops the pipeline when it ends.
  const stage = async (name: "infer" | "judge" | "summarize", work: () => Promise<unknown>) => {
    if (stageDone(readRunManifest(runDir), name)) {
      skipped.push(name);
      return true;
    }
    if (opts.signal?.aborted) return false;
    log(`${name}: runs/${runId}`);
    await runStage(runDir, name, work);
    return true;
  };
  const done =
    (await stage("infer", () => inferRun({ root, runDir, onProgress: opts.onInferProgress }))) &&
    (await stage("judge", () => judgeRunFolder({ root, runDir }))) &&
    (await stage("summarize", async () => summarizeRunFolder({ root, runDir })));
  if (!done || opts.signal?.aborted) {
    const m = readRunManifest(runDir);
    if (m.status !== "completed") {
      m.status = "interrupted";
      m.error = { stage: "run", message: `interrupted between stages; continue with: ${resume}` };
      writeRunManifest(runDir, m);
      return interrupted();
    }
  }

  const m = readRunManifest(runDir);
  m.status = "completed";
  m.error = undefined;
  // The eval list is not part of the run's identity: the config's list is the one the run now has.
  const { evals: _recorded, ...inference } = m.config.inference;
  const evalsNow = loaded.config.inference.evals;
  m.config = { ...m.config, inference: evalsNow ? { ...inference, evals: evalsNow } : inference };
  writeRunManifest(runDir, m);
  const summary = readJsonFile(path.join(runDir, SUMMARY_FILE), EvalSummary);
  // Then the evaluations the config lists (inference.evals), each in runs/<id>/evals/<name>/.
  const listed = await runListedEvals({
    root,
    runDir,
    signal: opts.signal,
    log,
    onInferProgress: opts.onInferProgress,
  });
  for (const e of listed.done) if (e.skipped) skipped.push(`eval ${e.name}`);
  const evals = listed.done.map(({ name, summary }) => ({ name, summary }));
  if (listed.interrupted) return { ...interrupted(), summary, evals };
  return { runId, runDir, skipped, summary, evals, interrupted: false };
}

const RUN_ID = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * An existing run folder (same `--run-id`) resumes only with the config and dataset it was made with:
 * the config keys that differ are named; the dataset is compared by its splits' identities when the
 * run recorded them (statistics added to a lock change nothing), else by the lock's bytes.
 */
function refuseOtherInputs(root: string, m: RunManifest, config: RunConfig, lockHash: string): void {
  const keys = changedConfigKeys(m.config, config);
  const file = `runs/${m.id}/run.json`;
  const hint = "pass --force to redo it, or choose another --run-id";
  if (keys.length > 0) {
    throw new TunixError("E_STATE", {
      file,
      message: `the run was made with another config: ${keys.join(", ")} differ${keys.length === 1 ? "s" : ""} (the run's config is in ${file})`,
      hint,
    });
  }
  const rec = m.dataset;
  if (!rec?.lockHash) return;
  const now = rec.splits ? datasetIdentity(root, rec.name) : undefined;
  const changed = rec.splits
    ? Object.keys({ ...rec.splits, ...now }).filter((s) => rec.splits?.[s]?.sha256 !== now?.[s]?.sha256)
    : rec.lockHash !== lockHash
      ? ["(lock file)"]
      : [];
  if (changed.length === 0) return;
  throw new TunixError("E_STATE", {
    file,
    message: `the run was made with another dataset lock: datasets/${rec.name}.lock.json changed (${changed.join(", ")})`,
    hint,
  });
}
