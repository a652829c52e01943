// Loads run folders (`runs/<id>/`) through their zod schemas: the manifest, training metrics,
// predictions, verdicts and eval summary. A file that is absent is reported as absent (a run that
// failed before inference has no predictions); a file that is present but broken throws the
// validator's TunixError naming file, line and field — it never becomes an empty list.
//
//   const ids = listRunIds(root);                      // ["tiny-1a2b3c4d", …]
//   const run = readRunFolder(root, ids[0]);           // everything
//   const head = readRunFolder(root, ids[0], { items: false }); // manifest, metrics, summary only
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { readJsonlFile } from "../io/jsonl-file.ts";
import { readJsonFile } from "../io/read.ts";
import {
  type MetricsRow,
  MetricsRow as MetricsRowSchema,
  PredictionRow,
  VerdictRow,
} from "../schemas/rows.ts";
import { RunManifest } from "../schemas/run.ts";
import { EvalSummary } from "../schemas/summary.ts";
import { type EvalFolder, readEvalFolders } from "./evals-reader.ts";

/** The files a run folder may hold, in the order the site offers them for download. */
export const RUN_FILES = [
  "run.json",
  "metrics.jsonl",
  "predictions.jsonl",
  "verdicts.jsonl",
  "eval_summary.json",
] as const;
export type RunFileName = (typeof RUN_FILES)[number];

export interface RunFolder {
  id: string;
  /** Repository-relative folder, `runs/<id>`. */
  dir: string;
  manifest: RunManifest;
  metrics: MetricsRow[];
  /** Empty when `items: false` was asked or the file is absent (see `files`). */
  predictions: PredictionRow[];
  verdicts: VerdictRow[];
  summary: EvalSummary | undefined;
  /** Which of RUN_FILES exist in the folder. */
  files: RunFileName[];
  /** The run's extra evals (runs/<id>/evals/<name>/): eval.json and summary only (evals-reader.ts). */
  evals: EvalFolder[];
}

/** `runs/sweeps/` holds sweep results (`<name>.json`, schemas/sweep.ts), not a run. */
export const SWEEPS_FOLDER = "sweeps";

/** Ids of every run folder under `runs/`, sorted. A folder without `run.json` is an error. */
export function listRunIds(root: string): string[] {
  const dir = path.join(root, "runs");
  if (!existsSync(dir)) return [];
  const ids = readdirSync(dir)
    .filter(
      (name) =>
        !name.startsWith(".") && name !== SWEEPS_FOLDER && statSync(path.join(dir, name)).isDirectory(),
    )
    .sort();
  for (const id of ids) {
    if (!existsSync(path.join(dir, id, "run.json"))) {
      throw new TunixError("E_NOT_FOUND", {
        file: `runs/${id}/run.json`,
        message: "run folder without a manifest",
        hint: "a run folder is written by `tunix-rt run`; remove stray folders from runs/",
      });
    }
  }
  return ids;
}

/** Read one run folder; `items: false` skips predictions and verdicts (the big files). */
export function readRunFolder(root: string, id: string, opts: { items?: boolean } = {}): RunFolder {
  const dir = `runs/${id}`;
  const abs = (name: string) => path.join(root, dir, name);
  const files = RUN_FILES.filter((name) => existsSync(abs(name)));
  if (!files.includes("run.json")) {
    throw new TunixError("E_NOT_FOUND", {
      file: `${dir}/run.json`,
      message: "run not found",
      hint: "list runs with: ls runs/",
    });
  }
  const manifest = readJsonFile(abs("run.json"), RunManifest, `${dir}/run.json`);
  if (manifest.id !== id) {
    throw new TunixError("E_SCHEMA", {
      file: `${dir}/run.json`,
      line: 1,
      field: "id",
      expected: JSON.stringify(id),
      found: JSON.stringify(manifest.id),
      hint: "the run id must equal its folder name",
    });
  }
  const has = (name: RunFileName) => files.includes(name);
  const items = opts.items !== false;
  const metrics = has("metrics.jsonl")
    ? readJsonlFile(abs("metrics.jsonl"), MetricsRowSchema, `${dir}/metrics.jsonl`)
    : [];
  const predictions =
    items && has("predictions.jsonl")
      ? readJsonlFile(abs("predictions.jsonl"), PredictionRow, `${dir}/predictions.jsonl`)
      : [];
  const verdicts =
    items && has("verdicts.jsonl")
      ? readJsonlFile(abs("verdicts.jsonl"), VerdictRow, `${dir}/verdicts.jsonl`)
      : [];
  const summary = has("eval_summary.json")
    ? readJsonFile(abs("eval_summary.json"), EvalSummary, `${dir}/eval_summary.json`)
    : undefined;
  if (summary && summary.run !== id) {
    throw new TunixError("E_SCHEMA", {
      file: `${dir}/eval_summary.json`,
      line: 1,
      field: "run",
      expected: JSON.stringify(id),
      found: JSON.stringify(summary.run),
      hint: "re-run: tunix-rt judge on this run folder",
    });
  }
  const evals = readEvalFolders(root, id, { items: false });
  return { id, dir, manifest, metrics, predictions, verdicts, summary, files, evals };
}

/** Every run folder (see `readRunFolder` for `items`). */
export function readRunFolders(root: string, opts: { items?: boolean } = {}): RunFolder[] {
  return listRunIds(root).map((id) => readRunFolder(root, id, opts));
}
