// The core of a dataset build, kept in columns: read the manifest's sources, select, split and
// compute stats, without an object per trace. `build.ts` turns the result into a DatasetLock (an
// entry per trace) or writes and checks lock files straight from the columns.
//
//   const r = await resolveDataset(root, "demo");
//   r.header      // the lock without entries (splits: name → [])
//   r.entries     // LockEntries view: r.entries.id("train", 0), r.entries.hash("train", 0)
//   r.splits      // Map split → rows of r.table
import { TunixError } from "../errors.ts";
import { hashValue } from "../io/json.ts";
import { globFiles } from "../io/repo.ts";
import type { DatasetManifest } from "../schemas/dataset.ts";
import type { DatasetLock } from "../schemas/lock.ts";
import { type CandidateTable, type CollectOptions, collectCandidates, hashHex } from "./collect.ts";
import type { LockEntries } from "./lock-file.ts";
import { datasetPaths, readDatasetManifest } from "./manifest.ts";
import { assignSplits, type Rows, selectTraces, sortById } from "./split.ts";
import { computeSplitStats } from "./stats.ts";

export interface ResolvedDataset {
  manifest: DatasetManifest;
  table: CandidateTable;
  splits: Map<string, Rows>;
  /** The lock with every split's entry list empty (names and stats filled). */
  header: DatasetLock;
  entries: LockEntries;
}

export async function resolveDataset(
  root: string,
  name: string,
  opts: CollectOptions = {},
): Promise<ResolvedDataset> {
  const manifest = readDatasetManifest(root, name);
  const { files, evalFiles } = sourceFiles(root, manifest);
  const table = await collectCandidates(root, files, manifest, opts);
  const order = sortById(table);
  const { selected, duplicates } = selectTraces(table, order, manifest);
  const evalFileIdx = new Set<number>();
  table.files.forEach((f, k) => {
    if (evalFiles.has(f)) evalFileIdx.add(k);
  });
  const splits = assignSplits(table, selected, manifest, evalFileIdx);
  const header: DatasetLock = {
    schemaVersion: 1,
    name,
    manifestHash: hashValue(manifest),
    seed: manifest.seed,
    candidates: table.size,
    duplicates,
    splits: {},
    stats: {},
  };
  for (const [split, rows] of splits) {
    header.splits[split] = [];
    header.stats[split] = computeSplitStats(table, rows);
  }
  const rowsOf = (split: string) => splits.get(split) as Rows;
  const entries: LockEntries = {
    size: (split) => rowsOf(split).length,
    id: (split, k) => table.ids.get(rowsOf(split)[k]),
    hash: (split, k) => hashHex(table, rowsOf(split)[k]),
  };
  return { manifest, table, splits, header, entries };
}

/** The lock as data: the header with every entry filled in. */
export function lockOf(r: ResolvedDataset): DatasetLock {
  const splits: DatasetLock["splits"] = {};
  for (const [split, rows] of r.splits) {
    splits[split] = Array.from(rows, (i) => ({ id: r.table.ids.get(i), hash: hashHex(r.table, i) }));
  }
  return { ...r.header, splits };
}

/** The trace files a manifest reads (sources ∪ evalFiles), and the subset named by evalFiles. */
export function sourceFiles(root: string, m: DatasetManifest): { files: string[]; evalFiles: Set<string> } {
  const file = datasetPaths(m.name).manifest;
  const patterns = [...m.sources.map((p) => ({ p, field: "sources" }))];
  if ("evalFiles" in m.split)
    patterns.push(...m.split.evalFiles.map((p) => ({ p, field: "split.evalFiles" })));
  const empty = patterns.filter(({ p, field }) => globFiles(root, [p], { file, field }).length === 0);
  if (empty.length > 0) {
    throw new TunixError(
      "E_NOT_FOUND",
      empty.map(({ p, field }) => ({
        file,
        field,
        expected: "a glob matching at least one trace file",
        found: JSON.stringify(p),
        hint: "fix the glob (relative to the repository root) or add the files",
      })),
    );
  }
  const evalFiles = new Set("evalFiles" in m.split ? globFiles(root, m.split.evalFiles) : []);
  return {
    files: globFiles(
      root,
      patterns.map(({ p }) => p),
    ),
    evalFiles,
  };
}
