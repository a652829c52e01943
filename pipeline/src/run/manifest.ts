// The run folder's manifest (`runs/<id>/run.json`): create it, read it, and record stage status
// and timings. Every update rewrites the file atomically, so an interrupted run leaves the last
// good manifest and its earlier results intact.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { lockIdentityHash } from "../dataset/lock-file.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import { hashValue } from "../io/json.ts";
import { readJsonFile } from "../io/read.ts";
import { identityConfig, type RunConfig } from "../schemas/config.ts";
import { RunManifest, STAGES, type Stage } from "../schemas/run.ts";

export const RUN_FILE = "run.json";

/** Run id: config name + 8 hex of (resolved config, dataset lock). Same inputs → same folder (resume).
 * Keys added later and left at their defaults are not hashed (schemas/config.ts LATE_DEFAULTS), and
 * a judges list that replaced an earlier default is hashed as that default (JUDGES_HASHED_AS). */
export function runIdFor(name: string, config: RunConfig, lockHash: string): string {
  const identity = identityConfig(config);
  const judges = JUDGES_HASHED_AS.find(([now]) => sameList(now, identity.judges))?.[1] ?? identity.judges;
  return `${name}-${hashValue({ config: { ...identity, judges }, lockHash }).slice(0, 8)}`;
}

/**
 * Judge lists hashed as the default they replaced, so changing the default judges renames no run
 * (judges never change the model or its predictions): the default became step-arithmetic@2 after
 * runs with step-arithmetic@1 were committed. A config that spells out the old list gets the same
 * id; `run` then refuses that folder as made with another config (--force or --run-id).
 */
const JUDGES_HASHED_AS: readonly (readonly [now: readonly string[], first: string[]])[] = Object.freeze([
  [
    ["answer-correctness@1", "format@1", "step-arithmetic@2"],
    ["answer-correctness@1", "format@1", "step-arithmetic@1"],
  ],
]);

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** sha256 of the dataset lock's identity ("" when the lock does not exist): the file's bytes without
 * its derived statistics (dataset/lock-file.ts DERIVED_LOCK_KEYS). */
export function lockHashOf(root: string, dataset: string): string {
  const file = path.join(root, "datasets", `${dataset}.lock.json`);
  // The lock's identity: derived statistics (contamination counts …) are left out of the hash.
  return existsSync(file) ? lockIdentityHash(readFileSync(file)) : "";
}

export function readRunManifest(runDir: string): RunManifest {
  // Errors name the file as `runs/<id>/run.json`, never by this machine's absolute path.
  return readJsonFile(path.join(runDir, RUN_FILE), RunManifest, `runs/${path.basename(runDir)}/${RUN_FILE}`);
}

export function writeRunManifest(runDir: string, m: RunManifest): void {
  writeJsonAtomic(
    path.join(runDir, RUN_FILE),
    RunManifest.parse({ ...m, updatedAt: new Date().toISOString() }),
  );
}

const require = createRequire(import.meta.url);
function packageVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Versions of node, this tool and the packages that shape results. */
export function toolVersions(): Record<string, string> {
  const out: Record<string, string> = { node: process.versions.node };
  const own = require("../../../package.json") as { version?: string };
  if (own.version) out["tunix-rt"] = own.version;
  for (const name of [
    "@tensorflow/tfjs-core",
    "@tensorflow/tfjs-backend-wasm",
    "@huggingface/transformers",
    "zod",
  ]) {
    const v = packageVersion(name);
    if (v) out[name] = v;
  }
  return out;
}

/**
 * Run `work` as stage `stage`, recording running → completed/failed with timings in run.json.
 * Redoing a stage makes the later stages' results stale, so their records are dropped (a later
 * `run` redoes them). On success the run is `completed` when every stage is, else `pending`.
 */
export async function runStage<T>(
  runDir: string,
  stage: Stage,
  work: (m: RunManifest) => Promise<T>,
): Promise<T> {
  const startedAt = new Date();
  let m = readRunManifest(runDir);
  m.status = "running";
  m.error = undefined;
  for (const later of STAGES.slice(STAGES.indexOf(stage) + 1)) delete m.stages[later];
  m.stages[stage] = { status: "running", startedAt: startedAt.toISOString() };
  writeRunManifest(runDir, m);
  try {
    const result = await work(m);
    m = readRunManifest(runDir); // the stage may have added artifacts/fingerprints
    const endedAt = new Date();
    m.stages[stage] = {
      status: "completed",
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      seconds: (endedAt.getTime() - startedAt.getTime()) / 1000,
    };
    m.status = STAGES.every((s) => stageDone(m, s)) ? "completed" : "pending";
    writeRunManifest(runDir, m);
    return result;
  } catch (err) {
    m = readRunManifest(runDir);
    const endedAt = new Date();
    m.status = "failed";
    m.error = { stage, message: (err as Error).message };
    m.stages[stage] = {
      status: "failed",
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      seconds: (endedAt.getTime() - startedAt.getTime()) / 1000,
    };
    writeRunManifest(runDir, m);
    throw err;
  }
}

export function stageDone(m: RunManifest, stage: Stage): boolean {
  return m.stages[stage]?.status === "completed";
}
