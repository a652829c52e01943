// `tunix-rt dataset build`: resolve a manifest into its lock (resolve.ts: read the sources once,
// filter, sort by id, drop content duplicates, sample `limit`, split in seeded orders, compute stats)
// and write or check `datasets/<name>.lock.json`. Same manifest + same traces → byte-identical lock,
// whatever the order of files or lines. Writing and checking work from the build's columns, so a
// million-trace lock never holds an object per entry unless a caller asks for the DatasetLock.
//
//   const lock = await buildDatasetLock(root, "demo");     // computes, writes nothing
//   await writeDatasetLock(root, "demo");                    // datasets/demo.lock.json
//   const summary = await updateDatasetLock(root, "demo");   // the same write, returns only counts
//   const problems = await checkDatasetLock(root, "demo");   // [] when the lock on disk is fresh
//
// Every build also measures contamination (contamination-scan.ts: each split's questions against
// train) into `lock.contamination`. Those are derived figures: a lock written before they existed is
// still fresh without them (`dataset build` adds them); a lock with other figures is stale.
import { type Problem, TunixError } from "../errors.ts";
import { stableStringify } from "../io/json.ts";
import { DatasetLock } from "../schemas/lock.ts";
import type { CollectOptions } from "./collect.ts";
import { type Leak, measureSplits } from "./contamination-scan.ts";
import { absentExternalOf, EXTERNAL_HINT } from "./external.ts";
import { compareSplits, describeSplitChange } from "./lock-compare.ts";
import { lockBytesEqual, lockFileExists, readLockBytes, writeLockFile } from "./lock-file.ts";
import { buildHint, datasetPaths } from "./manifest.ts";
import { lockOf, type ResolvedDataset, resolveDataset } from "./resolve.ts";

export type BuildOptions = CollectOptions;
/** The trace files a manifest reads (also used by `traces check`). */
export { sourceFiles } from "./resolve.ts";

export interface LockSummary {
  name: string;
  /** Repository-relative lock file. */
  lock: string;
  /** Split name → traces. */
  splits: Record<string, number>;
  candidates: number;
  duplicates: number;
  manifestHash: string;
  /** Each split's overlap with train (absent without a train split and another). */
  contamination?: DatasetLock["contamination"];
}

export async function buildDatasetLock(
  root: string,
  name: string,
  opts: BuildOptions = {},
): Promise<DatasetLock> {
  return lockOf(await resolveMeasured(root, name, opts));
}

export async function writeDatasetLock(
  root: string,
  name: string,
  opts: BuildOptions = {},
): Promise<DatasetLock> {
  const r = await resolveMeasured(root, name, opts);
  writeLockFile(root, name, r.header, r.entries);
  return lockOf(r);
}

/** Writes the lock like `writeDatasetLock` and returns its counts only (what the CLI prints). */
export async function updateDatasetLock(
  root: string,
  name: string,
  opts: BuildOptions = {},
): Promise<LockSummary> {
  const r = await resolveMeasured(root, name, opts);
  writeLockFile(root, name, r.header, r.entries);
  const { candidates, duplicates, manifestHash, contamination } = r.header;
  const splits = Object.fromEntries([...r.splits].map(([s, rows]) => [s, rows.length]));
  return { name, lock: datasetPaths(name).lock, splits, candidates, duplicates, manifestHash, contamination };
}

/**
 * Empty when the lock on disk equals a fresh build; else problems naming the lock file and the
 * dataset. Also empty for an external dataset whose traces are absent (checkDatasetLockAndLeaks
 * says so in `absent`).
 */
export async function checkDatasetLock(root: string, name: string): Promise<Problem[]> {
  return (await checkDatasetLockAndLeaks(root, name)).problems;
}

/**
 * The lock's problems and every eval item whose question equals a train item's, from one build.
 * `absent`: the dataset's globs under traces/external/ that match nothing — its lock is not
 * checked until those traces are imported (dataset/external.ts).
 */
export async function checkDatasetLockAndLeaks(
  root: string,
  name: string,
): Promise<{ problems: Problem[]; leaks: Leak[]; absent: string[] }> {
  const absent = lockFileExists(root, name) ? absentExternalOf(root, name) : [];
  if (absent.length > 0) return { problems: [], leaks: [], absent };
  const { problems, leaks } = await inspectResolvedLock(root, name);
  return { problems, leaks, absent };
}

/** The fresh lock when the lock on disk matches it, else the problems. */
export async function inspectDatasetLock(
  root: string,
  name: string,
): Promise<{ fresh: DatasetLock; problems: [] } | { fresh?: undefined; problems: Problem[] }> {
  const r = await inspectResolvedLock(root, name);
  return r.fresh ? { fresh: lockOf(r.fresh), problems: [] } : r;
}

/**
 * The fresh build (in columns) when the lock on disk matches it (byte for byte, or as data when only
 * its layout differs), else the problems. `loadExamples` reads its traces through the fresh build.
 */
export async function inspectResolvedLock(
  root: string,
  name: string,
): Promise<
  | { fresh: ResolvedDataset; problems: []; leaks: Leak[] }
  | { fresh?: undefined; problems: Problem[]; leaks: Leak[] }
> {
  const file = datasetPaths(name).lock;
  const hint = buildHint(name);
  const missing = { problems: [{ file, message: `dataset ${name}: lock is missing`, hint }], leaks: [] };
  if (!lockFileExists(root, name)) return missing;
  let fresh: ResolvedDataset & { leaks: Leak[] };
  try {
    fresh = await resolveMeasured(root, name);
  } catch (e) {
    if (!(e instanceof TunixError)) throw e;
    const why = { file, message: `dataset ${name}: cannot be built, so its lock cannot be checked` };
    return { problems: [...e.problems, why], leaks: [] };
  }
  const { leaks } = fresh;
  // Read only now: the lock's bytes need not be held while the sources are read.
  const onDisk = readLockBytes(root, name);
  if (onDisk === undefined) return { ...missing, leaks };
  if (lockBytesEqual(fresh.header, onDisk, fresh.entries)) return { fresh, problems: [], leaks };
  let old: DatasetLock;
  try {
    old = DatasetLock.parse(JSON.parse(onDisk.toString("utf8")));
  } catch (e) {
    const why = e instanceof SyntaxError ? "is not valid JSON" : "does not match the lock schema";
    return { problems: [{ file, message: `dataset ${name}: lock ${why}`, hint }], leaks };
  }
  const freshLock = lockOf(fresh);
  // A lock written before the contamination figures existed is fresh without them.
  const comparable = old.contamination === undefined ? { ...freshLock, contamination: undefined } : freshLock;
  if (stableStringify(old) === stableStringify(comparable)) return { fresh, problems: [], leaks };
  const reasons = staleReasons(old, freshLock).join("; ");
  return { problems: [{ file, message: `dataset ${name}: lock is stale: ${reasons}`, hint }], leaks };
}

/** resolveDataset, plus the contamination figures in the header and the exact leaks. */
async function resolveMeasured(
  root: string,
  name: string,
  opts: BuildOptions = {},
): Promise<ResolvedDataset & { leaks: Leak[] }> {
  const absent = absentExternalOf(root, name);
  if (absent.length > 0) {
    throw new TunixError("E_NOT_FOUND", {
      file: datasetPaths(name).manifest,
      field: "sources",
      message: `dataset ${name}: ${absent.join(", ")} match no file`,
      hint: EXTERNAL_HINT,
    });
  }
  const r = await resolveDataset(root, name, opts);
  const { figures, leaks } = await measureSplits(root, r);
  if (figures) r.header.contamination = figures;
  return Object.assign(r, { leaks });
}

function staleReasons(old: DatasetLock, fresh: DatasetLock): string[] {
  const reasons: string[] = [];
  if (old.manifestHash !== fresh.manifestHash) reasons.push("the manifest changed");
  if (old.candidates !== fresh.candidates) reasons.push(`candidates ${old.candidates} → ${fresh.candidates}`);
  for (const c of compareSplits(old.splits, fresh.splits)) {
    const d = describeSplitChange(c);
    if (d) reasons.push(d);
  }
  if (reasons.length === 0) reasons.push("its contents differ from a fresh build");
  return reasons;
}
