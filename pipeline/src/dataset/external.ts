// External datasets: traces this repository does not commit (others' text, e.g. GSM8K) live under
// `traces/external/`, which git ignores (`.gitignore`: `traces/external/**/*.jsonl`). A dataset whose
// manifest reads from there is committed as manifest + lock (ids and content hashes, no text) + the
// import provenance files; on a clone without the traces, its lock cannot be rebuilt, so `validate`
// and `dataset build --check` check its files' schemas and say the freshness check waits for the
// traces instead of failing. Once the traces are imported, everything is checked as usual.
//
//   absentExternalSources(root, manifest)  // ["traces/external/gsm8k/*.jsonl"] on a fresh clone
import { TunixError } from "../errors.ts";
import { globFiles } from "../io/repo.ts";
import type { DatasetManifest } from "../schemas/dataset.ts";
import { EXTERNAL_TRACES } from "../traces/import/hf-import.ts";
import { readDatasetManifest } from "./manifest.ts";

/** The hint of every message about absent external traces. */
export const EXTERNAL_HINT =
  "its traces are not committed (others' text): import them first, as content/guides/datasets.md shows";

/** Globs of the manifest (sources and evalFiles) under traces/external/ that match no file. */
export function absentExternalSources(root: string, manifest: DatasetManifest): string[] {
  const globs = [...manifest.sources, ...("evalFiles" in manifest.split ? manifest.split.evalFiles : [])];
  return globs.filter((g) => isExternalGlob(g) && globFiles(root, [g]).length === 0);
}

/** The same for a dataset by name ([] when its manifest is invalid: the build reports that itself). */
export function absentExternalOf(root: string, name: string): string[] {
  try {
    return absentExternalSources(root, readDatasetManifest(root, name));
  } catch (e) {
    if (e instanceof TunixError) return [];
    throw e;
  }
}

function isExternalGlob(glob: string): boolean {
  return glob.replace(/^\.\//, "").startsWith(`${EXTERNAL_TRACES}/`);
}
