// Check a run folder before it is published: `runs/<id>/run.json` must exist and name the folder, and
// every file in the folder must be a known data file kind that parses under its zod schema. All
// problems are collected (up to a cap) so one refusal names every bad file and line.
//
//   const { manifest, files } = await checkRunFolder(root, "runs/tiny-1a2b3c4d"); // throws E_VALIDATION

import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { type Problem, TunixError } from "../errors.ts";
import { symlinksAmong } from "../io/confine.ts";
import { readJsonl } from "../io/lines.ts";
import { issuesToProblems, readJsonFile, readYamlFile } from "../io/read.ts";
import { listTree, relPath } from "../io/repo.ts";
import { type FileKind, fileKindOf, type RunManifest } from "../schemas/index.ts";

/** Stop collecting after this many problems; the message then says that more were cut. */
const MAX_PROBLEMS = 50;

export interface RunFolder {
  /** Repository-relative folder, `runs/<id>`. */
  dir: string;
  id: string;
  manifest: RunManifest;
  /** Repository-relative files in the folder, sorted. */
  files: string[];
}

/** Resolve `runDir` (absolute or relative to `cwd`) to `runs/<id>` inside `root`, or throw E_USAGE. */
export function resolveRunDir(root: string, runDir: string, cwd = process.cwd()): string {
  const rel = relPath(root, path.resolve(cwd, runDir)).replace(/\/+$/, "");
  if (!/^runs\/[^/]+$/.test(rel)) {
    throw new TunixError("E_USAGE", {
      message: `not a run folder: ${runDir}`,
      expected: "runs/<id> inside the repository",
      found: rel,
      hint: "pass the folder of one run, e.g. runs/tiny-1a2b3c4d",
    });
  }
  if (!existsSync(path.join(root, rel)) || !statSync(path.join(root, rel)).isDirectory()) {
    throw new TunixError("E_NOT_FOUND", { file: rel, message: "run folder not found" });
  }
  return rel;
}

/** Validate every file of a run folder; throws E_VALIDATION listing all problems. */
export async function checkRunFolder(root: string, dir: string): Promise<RunFolder> {
  const id = dir.split("/")[1];
  const files = listTree(root, [dir]);
  const problems: Problem[] = [];
  const add = (p: Problem) => {
    if (problems.length < MAX_PROBLEMS + 1) problems.push(p);
  };
  // git would push the link, not what validation read through it: a run folder holds plain files.
  for (const link of symlinksAmong(root, files))
    add({
      file: link,
      message: "a symlink",
      hint: "replace it with the file itself (run folders hold plain files)",
    });
  let manifest: RunManifest | undefined;
  if (!files.includes(`${dir}/run.json`)) {
    add({
      file: `${dir}/run.json`,
      message: "missing run manifest",
      hint: "a run folder is written by `tunix-rt run`",
    });
  }
  for (const file of files) {
    const kind = fileKindOf(file);
    if (!kind) {
      add({
        file,
        message: "no schema for this file",
        expected: "run.json, metrics.jsonl, predictions.jsonl, verdicts.jsonl or eval_summary.json",
        found: path.posix.basename(file),
        hint: "remove it from the run folder (weights belong in the artifact store)",
      });
      continue;
    }
    const value = await checkFile(root, file, kind, add);
    if (kind.kind === "run" && value !== undefined) manifest = value as RunManifest;
  }
  if (manifest && manifest.id !== id) {
    add({
      file: `${dir}/run.json`,
      field: "id",
      expected: JSON.stringify(id),
      found: JSON.stringify(manifest.id),
      hint: "the run id must equal its folder name",
    });
  }
  if (problems.length > 0 || !manifest) {
    if (problems.length > MAX_PROBLEMS) {
      problems.length = MAX_PROBLEMS;
      problems.push({ message: `more problems not shown (first ${MAX_PROBLEMS} listed)` });
    }
    throw new TunixError("E_VALIDATION", problems);
  }
  return { dir, id, manifest, files };
}

/** Parse one file under its kind's schema; reports problems through `add`, returns the value of a JSON/YAML file. */
async function checkFile(
  root: string,
  file: string,
  kind: FileKind,
  add: (p: Problem) => void,
): Promise<unknown> {
  const abs = path.join(root, file);
  if (kind.format === "jsonl") {
    for await (const row of readJsonl(abs)) {
      if (row.error !== undefined) {
        add({
          file,
          line: row.line,
          message: `invalid JSON: ${row.error}`,
          hint: "each line must be one JSON object",
        });
        continue;
      }
      const parsed = kind.schema.safeParse(row.value);
      if (!parsed.success)
        issuesToProblems(parsed.error.issues, file, row.value, undefined, row.line).forEach(add);
    }
    return undefined;
  }
  try {
    return kind.format === "json"
      ? readJsonFile(abs, kind.schema, file)
      : readYamlFile(abs, kind.schema, file);
  } catch (err) {
    if (!(err instanceof TunixError)) throw err;
    err.problems.forEach(add);
    return undefined;
  }
}
