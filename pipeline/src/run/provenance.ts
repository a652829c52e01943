// Provenance of a run's results: what it trained on (the dataset's identity) and what it trained
// (its weights' sha256), as recorded in run.json, checked again before inference and judging so a
// result never silently mixes other inputs. The dataset identity of a split is the sha256 of its
// ordered (id, content hash) entries in the lock: derived statistics (composition, contamination
// counts) are not part of it, so adding figures to a lock changes no identity.
//
//   recordDatasetIdentity(root, "demo")                         // { name, lockHash, splits } for run.json
//   checkInferProvenance(root, m, { dataset: "demo", split: "eval" })   // before generating
//   checkDatasetProvenance(root, m, "eval", "judge")            // before judging stored predictions
//   changedConfigKeys(m.config, loaded.config)                  // ["training.lr", …]
import path from "node:path";
import { TunixError } from "../errors.ts";
import { pathInRepo } from "../io/confine.ts";
import { sha256File } from "../io/file-hash.ts";
import { fileExists } from "../io/files.ts";
import { hashValue, sha256, stableStringify } from "../io/json.ts";
import { readJsonFile } from "../io/read.ts";
import { identityConfig, type RunConfig } from "../schemas/config.ts";
import { DatasetLock } from "../schemas/lock.ts";
import type { RunManifest } from "../schemas/run.ts";
import { lockHashOf, writeRunManifest } from "./manifest.ts";

export type SplitIdentity = { items: number; sha256: string };
export type DatasetRecord = NonNullable<RunManifest["dataset"]>;

/** Split → identity of a dataset's current lock (undefined when it has no lock). */
export function datasetIdentity(root: string, name: string): Record<string, SplitIdentity> | undefined {
  const rel = `datasets/${name}.lock.json`;
  if (!fileExists(path.join(root, rel))) return undefined;
  const lock = readJsonFile(path.join(root, rel), DatasetLock, rel);
  const out: Record<string, SplitIdentity> = {};
  for (const [split, entries] of Object.entries(lock.splits).sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[split] = { items: entries.length, sha256: sha256(stableStringify(entries)) };
  }
  return out;
}

/** What run.json records about the dataset a run trains on (undefined when it has no lock). */
export function recordDatasetIdentity(root: string, name: string): DatasetRecord | undefined {
  const lockHash = lockHashOf(root, name);
  const splits = datasetIdentity(root, name);
  return lockHash && splits ? { name, lockHash, splits } : undefined;
}

/**
 * Refuse to evaluate the run's own dataset split when its lock no longer holds what the run recorded.
 * A run recorded before identities existed has only the lock's file hash: while that still matches,
 * the identities are recorded now (the run is migrated); once it differs, it is refused.
 */
export function checkDatasetProvenance(root: string, m: RunManifest, split: string, stage: string): void {
  const rec = m.dataset;
  if (!rec) return;
  const where = `runs/${m.id}/run.json`;
  const lockFile = `datasets/${rec.name}.lock.json`;
  const now = datasetIdentity(root, rec.name);
  if (!now) {
    throw new TunixError("E_NOT_FOUND", {
      file: lockFile,
      message: `the run's dataset lock is missing, so its ${split} split cannot be checked`,
      hint: `restore ${lockFile} (git checkout) or rebuild it: tunix-rt dataset build ${rec.name}`,
    });
  }
  if (!rec.splits) {
    if (lockHashOf(root, rec.name) !== rec.lockHash) {
      throw new TunixError("E_MISMATCH", {
        file: where,
        field: "dataset.lockHash",
        message: `${lockFile} changed since the run trained, and the run (recorded before split identities) cannot tell whether its ${split} split did`,
        hint: `restore the lock the run was made with (git log ${lockFile}), or run the config again: tunix-rt run ${m.configPath ?? "<config>"} --force`,
      });
    }
    writeRunManifest(path.join(root, "runs", m.id), { ...m, dataset: { ...rec, splits: now } });
    return;
  }
  const was = rec.splits[split];
  const is = now[split];
  if (was && is && was.sha256 === is.sha256) return;
  throw new TunixError("E_MISMATCH", {
    file: where,
    field: `dataset.splits.${split}`,
    message: `the ${split} split of ${lockFile} changed since the run trained (${describe(was)} then, ${describe(is)} now): ${stage} would use other items — perhaps ones the model trained on`,
    hint: `restore the lock the run was made with (git log ${lockFile}), or train again on the new split: tunix-rt run ${m.configPath ?? "<config>"}`,
  });
}

/** The checks before `infer`: confined folders, the dataset split, and the weights' sha256. */
export function checkInferProvenance(
  root: string,
  m: RunManifest,
  o: { dataset: string; split: string; modelDir?: string; runDir?: string },
): void {
  pathInRepo(root, o.runDir ?? path.join("runs", m.id), { field: "run folder" });
  if (o.modelDir) pathInRepo(root, o.modelDir, { field: "--model" });
  if (o.dataset === m.config.dataset.name) checkDatasetProvenance(root, m, o.split, "inference");
  if (!o.modelDir) checkWeights(root, m);
}

/** Every recorded model artifact that is present must be inside the repository and unchanged. */
export function checkWeights(root: string, m: RunManifest): void {
  const where = `runs/${m.id}/run.json`;
  m.artifacts.forEach((a, i) => {
    if (!a.uri.startsWith("file:")) return;
    const rel = a.uri.slice("file:".length);
    const file = pathInRepo(root, rel, { field: `artifacts[${i}].uri`, file: where });
    if (!fileExists(file)) return; // a missing folder is reported where it is opened
    const found = sha256File(file);
    if (found === a.sha256) return;
    throw new TunixError("E_MISMATCH", {
      file: rel,
      message: `${a.name} is not the file the run wrote: its sha256 differs from the one in ${where} — the weights were replaced (by another run's?) since training`,
      expected: a.sha256,
      found,
      hint: `put the run's own files back (its artifact), run it again (tunix-rt run ${m.configPath ?? "<config>"} --force), or name another model on purpose with --model`,
    });
  });
}

/** Dotted keys whose values differ between two configs (as their run ids see them), sorted. */
export function changedConfigKeys(a: RunConfig, b: RunConfig): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, at: string) => {
    const plain = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (plain(x) && plain(y)) {
      const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
      for (const k of keys)
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], at ? `${at}.${k}` : k);
    } else if (hashValue(x ?? null) !== hashValue(y ?? null)) out.push(at);
  };
  walk(identityConfig(a), identityConfig(b), "");
  return out.sort();
}

function describe(s: SplitIdentity | undefined): string {
  return s ? `${s.items} items, identity ${s.sha256.slice(0, 12)}` : "no such split";
}
