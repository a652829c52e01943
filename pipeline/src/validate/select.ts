// Which files `validate` looks at: every file under the data folders (hidden ones too), or only
// those under the paths given on the command line. Each file is classified by schemas/index.ts;
// a file under a data folder that matches no kind is a problem (README.md and .gitkeep excepted).
//
//   const all = listDataFiles(root);
//   const selected = selectPaths(root, process.cwd(), ["traces/new.jsonl"], sink);

import path from "node:path";
import { globFiles, listTree, relPath } from "../io/repo.ts";
import { FILE_KINDS, type FileKind, fileKindOf } from "../schemas/index.ts";
import type { ProblemSink } from "./problems.ts";

export const DATA_DIRS = Object.freeze(["traces", "datasets", "configs", "runs"]);
const NOT_DATA = new Set(["README.md", ".gitkeep"]);

/** How each kind's files are named, for hints. */
export const KIND_EXAMPLES: Readonly<Record<string, string>> = Object.freeze({
  trace: "traces/**/<name>.jsonl",
  dataset: "datasets/<name>.yaml",
  lock: "datasets/<name>.lock.json",
  "run-config": "configs/runs/<name>.yaml",
  sweep: "configs/sweeps/<name>.yaml",
  baselines: "configs/baselines.yaml",
  run: "runs/<id>/run.json",
  metrics: "runs/<id>/metrics.jsonl",
  predictions: "runs/<id>/predictions.jsonl",
  verdicts: "runs/<id>/verdicts.jsonl",
  summary: "runs/<id>/eval_summary.json",
  eval: "runs/<id>/evals/<name>/eval.json",
  "judge-cases": "configs/judge-cases/<name>.jsonl",
  rubric: "configs/rubrics/<name>@1.md",
  "llm-cache": "runs/<id>/llm-cache.jsonl",
  "import-provenance": "traces/**/<name>.provenance.json",
  review: "runs/<id>/reviews/<reviewer>.jsonl",
  "sweep-result": "runs/sweeps/<name>.json",
  models: "configs/models.yaml",
});

/** Every file under the data folders, dotfiles included, repo-relative and sorted. */
export function listDataFiles(root: string): string[] {
  const files = new Set([
    ...listTree(root, [...DATA_DIRS]),
    ...globFiles(
      root,
      DATA_DIRS.map((d) => `${d}/**/.*`),
    ),
  ]);
  return [...files].sort();
}

/** README.md and .gitkeep may sit in data folders and are not validated. */
export function isNotData(rel: string): boolean {
  return NOT_DATA.has(path.posix.basename(rel));
}

/** The data files under the given paths (files, folders or globs, relative to `cwd`). */
export function selectPaths(root: string, cwd: string, paths: string[], sink: ProblemSink): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const rel = relPath(root, path.resolve(cwd, p));
    if (rel.startsWith("../") || rel === ".." || path.isAbsolute(rel)) {
      sink.add("path", {
        file: p,
        message: "outside the repository",
        hint: "give a path inside the repository",
      });
      continue;
    }
    const top = rel.split("/")[0];
    let hits: string[];
    if (rel === "") hits = listDataFiles(root);
    else {
      hits = globFiles(root, [rel]);
      if (hits.length === 0 && DATA_DIRS.includes(top))
        hits = globFiles(root, [`${rel}/**/*`, `${rel}/**/.*`]);
    }
    if (hits.length === 0) {
      sink.add("path", {
        file: rel,
        message: DATA_DIRS.includes(top)
          ? "no such file, or a folder without files"
          : `not a data file or folder (data lives in ${DATA_DIRS.map((d) => `${d}/`).join(", ")})`,
      });
    }
    for (const h of hits) out.add(h);
  }
  return [...out].sort();
}

/** The kind of a data file, or undefined after reporting it (README.md and .gitkeep: undefined, silently). */
export function classify(rel: string, sink: ProblemSink): FileKind | undefined {
  const kind = fileKindOf(rel);
  if (kind || isNotData(rel)) return kind;
  sink.add("unknown-file", {
    file: rel,
    expected: namesUnder(rel.split("/")[0]),
    found: JSON.stringify(rel),
    hint: "data folders hold only files with a schema, README.md and .gitkeep; rename or move it",
  });
  return undefined;
}

function namesUnder(top: string): string {
  const names = FILE_KINDS.filter((k) =>
    (KIND_EXAMPLES[k.kind] ?? k.pattern.source).startsWith(`${top}/`),
  ).map((k) => KIND_EXAMPLES[k.kind] ?? k.pattern.source);
  return names.length ? `one of ${names.join(", ")}` : `a file under ${DATA_DIRS.join("/, ")}/`;
}
