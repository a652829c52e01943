// `validateRepo`: check every data file of the repository (or those under the given paths) against
// its schema, then the checks that span files: trace ids unique across all trace files, references
// between files, run folders complete, dataset locks present and fresh. Streams trace files, so
// memory stays bounded (a compact id index, ~30 bytes per trace).
//
//   const report = await validateRepo(root, { paths: ["traces/new.jsonl"], cwd: process.cwd() });
//   report.ok, report.problems (first `maxProblems`), report.problemCount, report.traces

import { checkDatasetLockAndLeaks } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { scanTraces } from "../io/trace-reader.ts";
import { JUDGES } from "../judge/registry.ts";
import { fileKindOf } from "../schemas/index.ts";
import { checkFile } from "./check-file.ts";
import { createProblemSink, type ProblemSink, type ValidationProblem } from "./problems.ts";
import { checkReferences, datasetNameOf, indexRepo, runsWithoutManifest } from "./references.ts";
import { classify, isNotData, listDataFiles, selectPaths } from "./select.ts";
import { createIdChecker } from "./trace-ids.ts";

export interface ValidateOptions {
  /** Files, folders or globs to validate (relative to `cwd`); default: every data file. */
  paths?: string[];
  cwd?: string;
  /** Problems kept in the report (all are counted); 0 keeps all. Default 1000. */
  maxProblems?: number;
  /** Called as trace files stream by, with the trace lines read so far. */
  onProgress?: (traces: number) => void;
}

export interface ValidationReport {
  ok: boolean;
  /** Data files validated. */
  files: number;
  /** Trace lines validated. */
  traces: number;
  /** The first `maxProblems` problems. */
  problems: ValidationProblem[];
  /** All problems found. */
  problemCount: number;
  seconds: number;
}

export async function validateRepo(root: string, opts: ValidateOptions = {}): Promise<ValidationReport> {
  const started = performance.now();
  const sink = createProblemSink(opts.maxProblems ?? 1000);
  const all = listDataFiles(root);
  const selected = opts.paths?.length ? selectPaths(root, opts.cwd ?? process.cwd(), opts.paths, sink) : all;
  const repo = indexRepo(all, new Set(Object.keys(JUDGES)));

  const files = selected.filter((f) => !isNotData(f));
  const kinds = new Map(files.map((f) => [f, classify(f, sink)]));
  const traces = await checkTraces(root, all, new Set(files), sink, opts.onProgress);

  // Datasets whose manifest or lock has problems of its own: their freshness is not checked.
  const brokenDatasets = new Set<string>();
  for (const [rel, kind] of kinds) {
    if (!kind || kind.kind === "trace") continue;
    const before = sink.count;
    const checked = await checkFile(root, rel, kind, sink);
    if (checked.value !== undefined) {
      for (const p of checkReferences(kind.kind, rel, checked.value, checked.lineOf, repo))
        sink.add(kind.kind === "dataset" ? "name" : "reference", p);
    }
    if ((kind.kind === "dataset" || kind.kind === "lock") && sink.count > before)
      brokenDatasets.add(datasetNameOf(rel));
  }
  for (const p of runsWithoutManifest(
    files.filter((f) => kinds.get(f)),
    repo,
  ))
    sink.add("reference", p);
  await checkLocks(root, files, repo.files, brokenDatasets, sink);

  return {
    ok: sink.count === 0,
    files: files.length,
    traces,
    problems: sink.shown,
    problemCount: sink.count,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Stream every trace file: selected ones are validated line by line, the others only feed the id
 * index, so a new file is still checked against the ids of the whole repository.
 */
async function checkTraces(
  root: string,
  all: string[],
  selected: Set<string>,
  sink: ProblemSink,
  onProgress?: (traces: number) => void,
): Promise<number> {
  const traceFiles = all.filter((f) => fileKindOf(f)?.kind === "trace");
  if (!traceFiles.some((f) => selected.has(f))) return 0;
  const ids = createIdChecker(traceFiles);
  let traces = 0;
  await scanTraces(
    root,
    traceFiles,
    (trace, fileIndex, line) => ids.add(trace.id, fileIndex, line),
    (p) => {
      if (p.file && selected.has(p.file))
        sink.add(
          p.message?.startsWith("invalid JSON")
            ? "json"
            : p.message?.includes("UTF-8") || p.message?.includes("byte order mark")
              ? "encoding"
              : "schema",
          p,
        );
    },
    (file, lines) => {
      if (selected.has(file)) traces += lines;
      onProgress?.(traces);
    },
  );
  for (const d of await ids.confirm(root)) {
    const [at, other] = selected.has(d.second.file) ? [d.second, d.first] : [d.first, d.second];
    if (!selected.has(at.file)) continue;
    sink.add("duplicate-id", {
      file: at.file,
      line: at.line,
      field: "id",
      expected: "an id used by no other trace",
      found: `${JSON.stringify(d.id)}, also at ${other.file}:${other.line}`,
      hint: "give one of them a new id; ids are unique across all trace files",
    });
  }
  return traces;
}

/** Every selected manifest has a fresh lock; every selected lock has a manifest. */
async function checkLocks(
  root: string,
  files: string[],
  existing: Set<string>,
  broken: Set<string>,
  sink: ProblemSink,
): Promise<void> {
  const names = new Set<string>();
  const checked = new Set(files);
  for (const f of files) {
    const kind = fileKindOf(f)?.kind;
    if (kind === "dataset" || kind === "lock") names.add(datasetNameOf(f));
  }
  for (const name of [...names].sort()) {
    const manifest = [`datasets/${name}.yaml`, `datasets/${name}.yml`].find((f) => existing.has(f));
    const lock = `datasets/${name}.lock.json`;
    if (!manifest) {
      sink.add("lock", {
        file: lock,
        message: `a lock without a manifest: datasets/${name}.yaml does not exist`,
        hint: `delete ${lock} or restore the manifest`,
      });
    } else if (!existing.has(lock)) {
      sink.add("lock", {
        file: manifest,
        message: `dataset ${name} has no lock ${lock}`,
        hint: `run: tunix-rt dataset build ${name}`,
      });
    } else if (!broken.has(name)) {
      const { problems, leaks } = await lockProblems(root, name, lock);
      for (const p of problems) {
        // Bad trace lines in its sources were reported already by the trace check.
        if (p.file && fileKindOf(p.file)?.kind === "trace" && checked.has(p.file)) continue;
        sink.add("lock", { ...p, file: p.file ?? lock });
      }
      // An eval item whose question is a train item's (normalised): its score would measure recall.
      for (const leak of leaks) {
        sink.add("contamination", {
          file: leak.file,
          line: leak.line,
          field: "prompt",
          message: `dataset ${name}: ${leak.split} item ${leak.id} has the question of train item ${leak.other.id} (${leak.other.file}:${leak.other.line}), up to case, spacing and punctuation`,
          hint: "drop one of them, or keep both in one split (tunix-rt dataset contamination lists them all)",
        });
      }
    }
  }
}

async function lockProblems(root: string, name: string, lock: string) {
  try {
    return await checkDatasetLockAndLeaks(root, name);
  } catch (err) {
    if (!(err instanceof TunixError)) throw err;
    return { problems: err.problems.map((p) => ({ ...p, file: p.file ?? lock })), leaks: [] };
  }
}
