// Dataset manifests (`datasets/<name>.yaml`): where they live, reading one through its zod schema
// (errors carry file:line), and the checks the schema cannot make alone (the name equals the file
// name, the trace format exists).
//
//   const manifest = readDatasetManifest(root, "demo");
//   datasetPaths("demo").lock // "datasets/demo.lock.json"
import { readFileSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { pathInRepo } from "../io/confine.ts";
import { issuesToProblems, parseYaml, readYamlFile } from "../io/read.ts";
import { globFiles } from "../io/repo.ts";
import { DATASET_NAME, DatasetManifest } from "../schemas/dataset.ts";
import { TRACE_FORMATS } from "../traces/formats.ts";

export interface DatasetPaths {
  /** Repository-relative manifest path. */
  manifest: string;
  /** Repository-relative lock path. */
  lock: string;
}

export function datasetPaths(name: string): DatasetPaths {
  return { manifest: `datasets/${name}.yaml`, lock: `datasets/${name}.lock.json` };
}

/** The hint every stale or missing lock carries. */
export function buildHint(name: string): string {
  return `run: tunix-rt dataset build ${name}`;
}

/** Read and check `datasets/<name>.yaml`. */
export function readDatasetManifest(root: string, name: string): DatasetManifest {
  checkName(name);
  const file = datasetPaths(name).manifest;
  const abs = pathInRepo(root, file, { field: "dataset", file }); // a linked manifest stays inside
  const manifest = readYamlFile(abs, DatasetManifest, file);
  // Only on an error: parse again for the line of the offending key.
  checkManifest(manifest, name, file, (p) => parseYaml(readFileSync(abs, "utf8"), file).lineOf(p));
  return manifest;
}

/** Parse a manifest's text (e.g. from `git show`), with the same checks as `readDatasetManifest`. */
export function parseDatasetManifest(text: string, name: string, file: string): DatasetManifest {
  const { value, lineOf } = parseYaml(text, file);
  const parsed = DatasetManifest.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, file, value, lineOf));
  checkManifest(parsed.data, name, file, lineOf);
  return parsed.data;
}

/** Names of every dataset manifest in `datasets/`, sorted. */
export function listDatasetNames(root: string): string[] {
  return globFiles(root, ["datasets/*.yaml"])
    .map((f) => path.posix.basename(f, ".yaml"))
    .filter((n) => DATASET_NAME.test(n));
}

function checkName(name: string): void {
  if (!DATASET_NAME.test(name)) {
    throw new TunixError("E_USAGE", {
      field: "name",
      expected: `a dataset name matching ${DATASET_NAME}`,
      found: JSON.stringify(name),
      hint: "use the file name of datasets/<name>.yaml without .yaml",
    });
  }
}

function checkManifest(
  m: DatasetManifest,
  name: string,
  file: string,
  lineOf: (p: PropertyKey[]) => number | undefined,
): void {
  if (m.name !== name) {
    throw new TunixError("E_SCHEMA", {
      file,
      line: lineOf(["name"]),
      field: "name",
      expected: JSON.stringify(name),
      found: JSON.stringify(m.name),
      hint: `the name must equal the file name; rename the file or set name: ${name}`,
    });
  }
  if (!TRACE_FORMATS[m.format.trace]) {
    throw new TunixError("E_SCHEMA", {
      file,
      line: lineOf(["format", "trace"]),
      field: "format.trace",
      expected: Object.keys(TRACE_FORMATS).join(" | "),
      found: JSON.stringify(m.format.trace),
    });
  }
}
