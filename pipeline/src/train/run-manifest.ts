// `runs/<id>/run.json` for the train stage: created (or reopened on resume) before training, with
// the resolved config, git commit, dataset lock hash, tokenizer and chat-template fingerprints,
// backend and versions; updated when the stage ends (timing, status, artifacts). The `run` verb
// reuses `trainWithManifest` for its first stage.
//
//   const { manifest, summary } = await trainWithManifest({ root, runId, loaded, resume, signal });
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { chatTemplateFingerprint, GEMMA_TEMPLATE } from "../dataset/chat-template.ts";
import { TunixError } from "../errors.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import { sha256 } from "../io/json.ts";
import { readJsonFile } from "../io/read.ts";
import { RunManifest } from "../schemas/run.ts";
import type { LoadedConfig } from "./config-load.ts";
import { type TrainOptions, type TrainSummary, trainRun } from "./sft.ts";

export interface TrainWithManifestOptions
  extends Pick<TrainOptions, "signal" | "onProgress" | "examples" | "tokenizer"> {
  root: string;
  runId: string;
  loaded: LoadedConfig;
  resume?: boolean;
}

export async function trainWithManifest(
  opts: TrainWithManifestOptions,
): Promise<{ manifest: RunManifest; summary: TrainSummary; file: string }> {
  const { root, runId, loaded } = opts;
  const runDir = path.join(root, "runs", runId);
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
    manifest = readJsonFile(file, RunManifest, `runs/${runId}/run.json`);
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
  const lockFile = path.join(root, "datasets", `${loaded.config.dataset.name}.lock.json`);
  const started = now();
  const earlierSeconds = opts.resume ? (manifest.stages.train?.seconds ?? 0) : 0;
  manifest = {
    ...manifest,
    status: "running",
    updatedAt: started,
    git: gitState(root),
    dataset: existsSync(lockFile)
      ? { name: loaded.config.dataset.name, lockHash: sha256(readFileSync(lockFile)) }
      : manifest.dataset,
    chatTemplate: { name: GEMMA_TEMPLATE.name, fingerprint: chatTemplateFingerprint(GEMMA_TEMPLATE) },
    versions: {
      ...manifest.versions,
      node: process.versions.node,
      "@tensorflow/tfjs": tf.version.tfjs,
      "tunix-rt": packageVersion(root),
    },
    stages: { ...manifest.stages, train: { status: "running", startedAt: started } },
  };
  writeJsonAtomic(file, manifest);
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
    });
    const ended = now();
    const seconds = (Date.now() - t0) / 1000 + earlierSeconds;
    manifest = {
      ...manifest,
      status: summary.interrupted ? "failed" : "completed",
      error: summary.interrupted
        ? {
            stage: "train",
            message: `interrupted after step ${summary.steps}; continue with --resume --run-id ${runId}`,
          }
        : undefined,
      updatedAt: ended,
      backend: summary.backend,
      tokenizer: { kind: summary.tokenizer.kind, fingerprint: summary.tokenizer.fingerprint() },
      model: { parameters: summary.parameters, family: loaded.config.model.family },
      stages: {
        ...manifest.stages,
        train: {
          status: summary.interrupted ? "failed" : "completed",
          startedAt: started,
          endedAt: ended,
          seconds,
        },
      },
      artifacts: summary.interrupted ? manifest.artifacts : summary.artifacts,
    };
    writeJsonAtomic(file, RunManifest.parse(manifest));
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
    writeJsonAtomic(file, manifest);
    throw err;
  }
}

/** Commit and dirtiness of the repository at root; undefined outside git (read-only git calls). */
function gitState(root: string): { commit: string; dirty: boolean } | undefined {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: root,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    const status = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: root,
      stdio: ["ignore", "pipe", "ignore"],
    }).toString();
    return { commit, dirty: status.trim() !== "" };
  } catch {
    return undefined;
  }
}

function packageVersion(root: string): string {
  try {
    return String(
      (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }).version ??
        "unknown",
    );
  } catch {
    return "unknown";
  }
}
