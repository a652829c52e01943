// Read a sweep config: `smoke-lr` or `configs/sweeps/smoke-lr.yaml` → the parsed SweepConfig with
// the line of every key, so later checks (parameter paths, the metric) can name file:line.
//
//   const { sweep, file, lineOf } = loadSweep(root, "smoke-lr");
import path from "node:path";
import { TunixError } from "../errors.ts";
import { pathInRepo } from "../io/confine.ts";
import { fileExists, readText } from "../io/files.ts";
import { issuesToProblems, parseYaml } from "../io/read.ts";
import { relPath } from "../io/repo.ts";
import { SweepConfig } from "../schemas/sweep.ts";

export const SWEEPS_DIR = "configs/sweeps";
export const SWEEP_RESULTS_DIR = "runs/sweeps";

export interface LoadedSweep {
  sweep: SweepConfig;
  /** Repository-relative file. */
  file: string;
  lineOf: (p: PropertyKey[]) => number | undefined;
}

/** The file of a sweep given by name or path (repository-relative or absolute). */
export function sweepFileOf(root: string, ref: string): string {
  if (/^[a-z0-9][a-z0-9._-]*$/.test(ref) && !/\.ya?ml$/.test(ref)) {
    const yml = `${SWEEPS_DIR}/${ref}.yml`;
    return fileExists(path.join(root, yml)) ? yml : `${SWEEPS_DIR}/${ref}.yaml`;
  }
  return relPath(root, path.resolve(root, ref));
}

export function loadSweep(root: string, ref: string): LoadedSweep {
  const file = sweepFileOf(root, ref);
  const text = readText(
    pathInRepo(root, file, { field: "sweep" }),
    file,
    `list the sweeps with: ls ${SWEEPS_DIR}/`,
  );
  const { value, lineOf } = parseYaml(text, file);
  const parsed = SweepConfig.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, file, value, lineOf));
  const sweep = parsed.data;
  const stem = path.posix.basename(file).replace(/\.ya?ml$/, "");
  if (sweep.name !== stem) {
    throw new TunixError("E_SCHEMA", {
      file,
      line: lineOf(["name"]),
      field: "name",
      expected: `${JSON.stringify(stem)} (the file name)`,
      found: JSON.stringify(sweep.name),
      hint: `the result is written to ${SWEEP_RESULTS_DIR}/<name>.json: rename the file or set name: ${stem}`,
    });
  }
  return { sweep, file, lineOf };
}

/** `runs/sweeps/<name>.json`. */
export function sweepResultFile(name: string): string {
  return `${SWEEP_RESULTS_DIR}/${name}.json`;
}
