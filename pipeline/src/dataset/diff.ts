// `tunix-rt dataset diff`: how a dataset's composition changed against another git revision, as
// data and as Markdown for a PR comment. Compares the lock on disk with the lock (and manifest) at
// the revision: split sizes, traces added/removed/changed per split, counts by source, category,
// difficulty and step count (only the rows that changed), and the manifest fields that changed.
// A dataset without a lock at the revision shows everything as added. Text from traces and
// manifests is escaped: a PR comment must not render someone's markup or mention anyone.
//
//   const d = await diffDataset(root, "demo", "origin/main");
//   comment(formatDiffMarkdown(d));
import path from "node:path";
import { TunixError } from "../errors.ts";
import { issuesToProblems, readJsonFile } from "../io/read.ts";
import type { DatasetManifest } from "../schemas/dataset.ts";
import { DatasetLock } from "../schemas/lock.ts";
import { showFileAtRevision } from "./git-show.ts";
import { compareSplits, type SplitChange } from "./lock-compare.ts";
import { buildHint, datasetPaths, parseDatasetManifest, readDatasetManifest } from "./manifest.ts";
import { sortLabels } from "./stats-table.ts";

export type Dimension = "source" | "category" | "difficulty" | "steps";

export interface CompositionDelta {
  split: string;
  dimension: Dimension;
  label: string;
  base: number;
  head: number;
}

export interface ManifestFieldChange {
  field: string;
  base?: unknown;
  head?: unknown;
}

export interface DatasetDiff {
  name: string;
  /** The revision compared against. */
  base: string;
  /** No lock at the base revision: everything is added. */
  isNew: boolean;
  manifestChanged: boolean;
  /** Changed manifest fields (dotted paths); empty when the base manifest could not be read. */
  manifestFields: ManifestFieldChange[];
  /** Why the base manifest could not be compared, if so. */
  manifestNote?: string;
  splits: SplitChange[];
  /** Only labels whose count changed. */
  composition: CompositionDelta[];
}

export interface DatasetVersion {
  lock: DatasetLock;
  manifest?: DatasetManifest;
}

export async function diffDataset(root: string, name: string, rev: string): Promise<DatasetDiff> {
  const paths = datasetPaths(name);
  const manifest = readDatasetManifest(root, name);
  const headLock = (() => {
    try {
      return readJsonFile(path.join(root, paths.lock), DatasetLock, paths.lock);
    } catch (e) {
      if (e instanceof TunixError && e.code === "E_NOT_FOUND")
        throw new TunixError("E_NOT_FOUND", {
          file: paths.lock,
          message: "lock not found",
          hint: buildHint(name),
        });
      throw e;
    }
  })();
  const baseLockText = await showFileAtRevision(root, rev, paths.lock);
  if (baseLockText === undefined) return diffVersions(name, rev, undefined, { lock: headLock, manifest });
  const baseLock = parseLockText(baseLockText, `${rev}:${paths.lock}`);
  const baseManifestText = await showFileAtRevision(root, rev, paths.manifest);
  let baseManifest: DatasetManifest | undefined;
  let note: string | undefined;
  try {
    if (baseManifestText !== undefined)
      baseManifest = parseDatasetManifest(baseManifestText, name, `${rev}:${paths.manifest}`);
    else note = `no manifest at ${rev}`;
  } catch (e) {
    if (!(e instanceof TunixError)) throw e;
    note = `the manifest at ${rev} does not parse with this version's schema`;
  }
  const d = diffVersions(name, rev, { lock: baseLock, manifest: baseManifest }, { lock: headLock, manifest });
  return note ? { ...d, manifestNote: note } : d;
}

export function diffVersions(
  name: string,
  rev: string,
  base: DatasetVersion | undefined,
  head: DatasetVersion,
): DatasetDiff {
  const composition: CompositionDelta[] = [];
  const splitNames = [
    ...new Set([...Object.keys(base?.lock.stats ?? {}), ...Object.keys(head.lock.stats)]),
  ].sort();
  for (const split of splitNames) {
    const b = base?.lock.stats[split];
    const h = head.lock.stats[split];
    for (const [dimension, key] of DIMENSIONS) {
      const bRec = b?.[key] ?? {};
      const hRec = h?.[key] ?? {};
      for (const label of sortLabels([...new Set([...Object.keys(bRec), ...Object.keys(hRec)])])) {
        const [bn, hn] = [bRec[label] ?? 0, hRec[label] ?? 0];
        if (bn !== hn) composition.push({ split, dimension, label, base: bn, head: hn });
      }
    }
  }
  return {
    name,
    base: rev,
    isNew: base === undefined,
    manifestChanged: base !== undefined && base.lock.manifestHash !== head.lock.manifestHash,
    manifestFields: base?.manifest && head.manifest ? changedFields(base.manifest, head.manifest) : [],
    splits: compareSplits(base?.lock.splits, head.lock.splits),
    composition,
  };
}

const DIMENSIONS: [Dimension, "bySource" | "byCategory" | "byDifficulty" | "steps"][] = [
  ["source", "bySource"],
  ["category", "byCategory"],
  ["difficulty", "byDifficulty"],
  ["steps", "steps"],
];

function parseLockText(text: string, file: string): DatasetLock {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TunixError("E_JSON", { file, line: 1, message: `invalid JSON: ${(e as Error).message}` });
  }
  const parsed = DatasetLock.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, file, value, undefined, 1));
  return parsed.data;
}

/** Leaves of two manifests (objects walked, arrays compared whole) that differ, in path order. */
export function changedFields(a: unknown, b: unknown, prefix = ""): ManifestFieldChange[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedFields(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field: prefix, base: a, head: b }];
}

export type { SplitChange };
