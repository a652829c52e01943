// The train stage as the run folder sees it: create or resume `runs/<id>/run.json`, record the
// stage's status, timing, git commit, dataset lock hash, chat template, tokenizer and artifacts
// around `trainRun` (train/sft.ts, which knows nothing of run folders), and leave a failed or
// interrupted run marked so that `--resume` can continue it.
//
//   const loaded = loadRunConfig(root, "configs/runs/tiny.yaml");
//   const { manifest, summary } = await trainWithManifest({ root, runId: "tiny-1", loaded });
import { existsSync } from "node:fs";
import path from "node:path";
import { chatTemplateFingerprint, chatTemplateOfFamily } from "../dataset/chat-template.ts";
import { checkChatTemplate } from "../dataset/hf-chat-template.ts";
import { TunixError } from "../errors.ts";
import { holdLock } from "../io/file-lock.ts";
import { gitHead } from "../io/git.ts";
import { storeFolder } from "../model/families/gemma3-family.ts";
import { readHfChatTemplate } from "../model/hf-folder.ts";
import { RunManifest } from "../schemas/run.ts";
import { type TrainOptions, type TrainSummary, trainRun } from "../train/sft.ts";
import type { LoadedConfig } from "./config-load.ts";
import { lockHashOf, readRunManifest, toolVersions, writeRunManifest } from "./manifest.ts";
import { changedConfigKeys, checkDatasetProvenance, recordDatasetIdentity } from "./provenance.ts";

export interface TrainWithManifestOptions
  extends Pick<TrainOptions, "signal" | "onProgress" | "examples" | "tokenizer" | "stopAtStep"> {
  root: string;
  runId: string;
  loaded: LoadedConfig;
  resume?: boolean;
  /** The exact command that continues this run, stored in run.json when it is interrupted
   * (default: `tunix-rt train <config> --resume --run-id <id>`). */
  resumeCommand?: string;
}

export async function trainWithManifest(
  opts: TrainWithManifestOptions,
): Promise<{ manifest: RunManifest; summary: TrainSummary; file: string }> {
  const { root, runId, loaded } = opts;
  const runDir = path.join(root, "runs", runId);
  // One writer per run folder: a second process on the same run is refused at once (E_BUSY).
  using _lock = holdLock(root, runDir, { waitMs: 0, what: `runs/${runId}` });
  const file = path.join(runDir, "run.json");
  const now = () => new Date().toISOString();
  let manifest: RunManifest;
  if (existsSync(file)) {
    if (!opts.resume) {
      throw new TunixError("E_STATE", {
        file: `runs/${runId}/run.json`,
        message: "the run already exists",
        hint: "pass --resume to continue it, or choose another --run-id",
      });
    }
    manifest = readRunManifest(runDir);
    refuseOtherConfig(manifest, loaded);
    checkDatasetProvenance(root, manifest, loaded.config.dataset.trainSplit, "resuming training");
  } else {
    if (opts.resume)
      throw new TunixError("E_NOT_FOUND", {
        file: `runs/${runId}/run.json`,
        message: "nothing to resume",
        hint: "start the run without --resume",
      });
    manifest = RunManifest.parse({
      schemaVersion: 1,
      id: runId,
      name: loaded.name,
      configPath: loaded.configPath,
      config: loaded.config,
      status: "pending",
      createdAt: now(),
      updatedAt: now(),
    });
  }
  const template = chatTemplateOfFamily(loaded.config.model.family);
  // A Gemma 3 folder's own template must write what the project trains on (hf-chat-template.ts).
  if (loaded.config.model.family === "gemma3") {
    const own = readHfChatTemplate(storeFolder(loaded.config.model.weights));
    if (own) checkChatTemplate(template, own.template, "<bos>", own.file);
  }
  const lockHash = lockHashOf(root, loaded.config.dataset.name);
  const started = now();
  const earlierSeconds = opts.resume ? (manifest.stages.train?.seconds ?? 0) : 0;
  manifest = {
    ...manifest,
    status: "running",
    updatedAt: started,
    git: gitHead(root),
    dataset:
      (opts.resume && manifest.dataset) ||
      recordDatasetIdentity(root, loaded.config.dataset.name) ||
      (lockHash ? { name: loaded.config.dataset.name, lockHash } : manifest.dataset),
    chatTemplate: { name: template.name, fingerprint: chatTemplateFingerprint(template) },
    versions: { ...manifest.versions, ...toolVersions() },
    stages: { ...manifest.stages, train: { status: "running", startedAt: started } },
  };
  writeRunManifest(runDir, manifest);
  const t0 = Date.now();
  try {
    const summary = await trainRun({
      root,
      runDir,
      config: loaded.config,
      resume: opts.resume,
      signal: opts.signal,
      onProgress: opts.onProgress,
      examples: opts.examples,
      tokenizer: opts.tokenizer,
      stopAtStep: opts.stopAtStep,
    });
    // Stopped at a sweep rung: not completed, resumable (`pending`), and it says where it stopped.
    const stopped = summary.stoppedAtStep !== undefined;
    const ended = now();
    const seconds = (Date.now() - t0) / 1000 + earlierSeconds;
    manifest = {
      ...manifest,
      status: summary.interrupted ? "interrupted" : stopped ? "pending" : "completed",
      error: summary.interrupted
        ? {
            stage: "train",
            message: `interrupted after step ${summary.steps}; continue with: ${
              opts.resumeCommand ?? `tunix-rt train ${loaded.configPath} --resume --run-id ${runId}`
            }`,
          }
        : undefined,
      updatedAt: ended,
      backend: summary.backend,
      tokenizer: { kind: summary.tokenizer.kind, fingerprint: summary.tokenizer.fingerprint() },
      model: {
        parameters: summary.parameters,
        family: loaded.config.model.family,
        method: summary.method,
        trainableParameters: summary.trainableParameters,
        plannedPeakRssBytes: Math.round(summary.plannedPeakRssBytes),
      },
      truncation: summary.truncation,
      stages: {
        ...manifest.stages,
        train: {
          status: summary.interrupted ? "interrupted" : stopped ? "pending" : "completed",
          startedAt: started,
          endedAt: ended,
          seconds,
          stoppedAtStep: summary.stoppedAtStep,
        },
      },
      artifacts: summary.interrupted || stopped ? manifest.artifacts : summary.artifacts,
    };
    writeRunManifest(runDir, manifest);
    return { manifest, summary, file };
  } catch (err) {
    const ended = now();
    manifest = {
      ...manifest,
      status: "failed",
      updatedAt: ended,
      error: { stage: "train", message: (err as Error).message },
      stages: {
        ...manifest.stages,
        train: { status: "failed", startedAt: started, endedAt: ended, seconds: (Date.now() - t0) / 1000 },
      },
    };
    writeRunManifest(runDir, manifest);
    throw err;
  }
}

/** A resumed run continues only with the config it was made with (the backend may differ). */
function refuseOtherConfig(m: RunManifest, loaded: LoadedConfig): void {
  const keys = changedConfigKeys(m.config, loaded.config).filter((k) => k !== "training.device");
  if (keys.length === 0) return;
  throw new TunixError("E_MISMATCH", {
    file: `runs/${m.id}/run.json`,
    message: `the run was made with another config: ${keys.join(", ")} differ${keys.length === 1 ? "s" : ""} from ${loaded.configPath}`,
    hint: `resume with the config and --set values it was made with (its config is in runs/${m.id}/run.json), or start a new run`,
  });
}
