// Loads a run's extra evals (`runs/<id>/evals/<name>/`: eval.json, predictions.jsonl,
// verdicts.jsonl, eval_summary.json) through their zod schemas, as runs-reader.ts does for the
// run's own files: an absent file is reported as absent, a broken one throws the validator's
// TunixError naming file, line and field; a folder without eval.json is an error; an eval whose
// eval.json or summary names another run or eval is an error.
//
//   listEvalNames(root, "demo-b0541e87")                        // ["demo-eval-k8", "gsm8k-test"]
//   readEvalFolder(root, "demo-b0541e87", "demo-eval-k8")       // everything
//   readEvalFolders(root, "demo-b0541e87", { items: false })    // eval.json and summary only
import path from "node:path";
import { TunixError } from "../errors.ts";
import { listFolders } from "../io/files.ts";
import { isFile, listFileNames } from "../io/folder-files.ts";
import { readJsonlFile } from "../io/jsonl-file.ts";
import { readJsonFile } from "../io/read.ts";
import { EvalManifest } from "../schemas/eval.ts";
import { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import { EvalSummary } from "../schemas/summary.ts";

/** The files an eval folder may hold, in the order the site offers them. */
export const EVAL_FILES = ["eval.json", "predictions.jsonl", "verdicts.jsonl", "eval_summary.json"] as const;
export type EvalFileName = (typeof EVAL_FILES)[number];

export interface EvalFolder {
  name: string;
  /** Repository-relative folder, `runs/<id>/evals/<name>`. */
  dir: string;
  manifest: EvalManifest;
  /** Empty when `items: false` was asked or the file is absent (see `files`). */
  predictions: PredictionRow[];
  verdicts: VerdictRow[];
  summary: EvalSummary | undefined;
  files: EvalFileName[];
}

/** Names of a run's extra evals, sorted ([] when it has none). */
export function listEvalNames(root: string, runId: string): string[] {
  const dir = path.join(root, "runs", runId, "evals");
  const names = listFolders(dir);
  for (const name of names) {
    if (!isFile(path.join(dir, name, "eval.json"))) {
      throw new TunixError("E_NOT_FOUND", {
        file: `runs/${runId}/evals/${name}/eval.json`,
        message: "eval folder without its eval.json",
        hint: `an eval folder is written by: tunix-rt infer runs/${runId} --dataset <name>`,
      });
    }
  }
  return names;
}

export function readEvalFolder(
  root: string,
  runId: string,
  name: string,
  opts: { items?: boolean } = {},
): EvalFolder {
  const dir = `runs/${runId}/evals/${name}`;
  const abs = (f: string) => path.join(root, dir, f);
  const present = new Set(listFileNames(path.join(root, dir)));
  const files = EVAL_FILES.filter((f) => present.has(f));
  const manifest = readJsonFile(abs("eval.json"), EvalManifest, `${dir}/eval.json`);
  const mismatch = (file: string, field: string, expected: string, found: string) =>
    new TunixError("E_SCHEMA", {
      file: `${dir}/${file}`,
      line: 1,
      field,
      expected: JSON.stringify(expected),
      found: JSON.stringify(found),
      hint: "an eval folder belongs to its run and is named after its eval; re-run tunix-rt infer --eval",
    });
  if (manifest.run !== runId) throw mismatch("eval.json", "run", runId, manifest.run);
  if (manifest.name !== name) throw mismatch("eval.json", "name", name, manifest.name);
  const items = opts.items !== false;
  const rows = <S extends typeof PredictionRow | typeof VerdictRow>(f: EvalFileName, schema: S) =>
    items && present.has(f) ? readJsonlFile(abs(f), schema, `${dir}/${f}`) : [];
  const summary = present.has("eval_summary.json")
    ? readJsonFile(abs("eval_summary.json"), EvalSummary, `${dir}/eval_summary.json`)
    : undefined;
  if (summary && summary.run !== runId) throw mismatch("eval_summary.json", "run", runId, summary.run);
  if (summary && summary.eval !== name)
    throw mismatch("eval_summary.json", "eval", name, String(summary.eval));
  return {
    name,
    dir,
    manifest,
    predictions: rows("predictions.jsonl", PredictionRow) as PredictionRow[],
    verdicts: rows("verdicts.jsonl", VerdictRow) as VerdictRow[],
    summary,
    files,
  };
}

export function readEvalFolders(root: string, runId: string, opts: { items?: boolean } = {}): EvalFolder[] {
  return listEvalNames(root, runId).map((name) => readEvalFolder(root, runId, name, opts));
}
