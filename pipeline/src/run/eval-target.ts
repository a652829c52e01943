// Where an evaluation of a run lives and what it generates with. The run's own eval (its config's
// dataset and eval split) keeps its files in the run folder; every other evaluation — another
// dataset or split, or other decoding settings such as k samples — is named and lives in
// `runs/<id>/evals/<name>/` (eval.json, predictions.jsonl, verdicts.jsonl, eval_summary.json), so
// it never replaces the run's own results. An eval comes from the run config's `inference.evals`
// list (by name) or from the command line (`--dataset`, `--split`, …); settings not given are the
// run's `inference` block. Stage timings of an eval are kept in its eval.json, not in run.json.
//
//   const t = resolveEvalTarget(root, runDir, m, { dataset: "gsm8k", split: "test" });
//   t.name  // "gsm8k-test";  t.dir  // <root>/runs/<id>/evals/gsm8k-test
//   await recordEvalStage(t, "infer", () => …);
import path from "node:path";
import { TunixError } from "../errors.ts";
import { type GenerationSettings, generationSettingsOf } from "../infer/predictions.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import { isFile } from "../io/folder-files.ts";
import { readJsonFile } from "../io/read.ts";
import { EvalEntry } from "../schemas/config.ts";
import { EvalManifest } from "../schemas/eval.ts";
import type { RunManifest } from "../schemas/run.ts";
import { readRunManifest, writeRunManifest } from "./manifest.ts";

export const EVALS_DIR = "evals";
export const PREDICTIONS_FILE = "predictions.jsonl";
export const EVAL_FILE = "eval.json";
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** An eval asked for on the command line: a config entry by name, or a new one (with `dataset`). */
export interface EvalRequest extends Partial<EvalEntry> {
  /** Free text recorded in eval.json. */
  note?: string;
}

export interface EvalTarget {
  /** undefined: the run's own eval. */
  name?: string;
  /** Absolute folder of its predictions, verdicts and summary. */
  dir: string;
  /** The same, repository-relative with `/`, for messages. */
  rel: string;
  dataset: string;
  split: string;
  limit?: number;
  gen: GenerationSettings;
  note?: string;
}

/** The run's own eval when `req` is undefined; else the named or described extra eval. */
export function resolveEvalTarget(
  root: string,
  runDir: string,
  m: RunManifest,
  req?: EvalRequest,
): EvalTarget {
  const cfg = m.config;
  const gen = generationSettingsOf(cfg);
  const runRel = relOf(root, runDir);
  if (!req) {
    return {
      dir: runDir,
      rel: runRel,
      dataset: cfg.dataset.name,
      split: cfg.inference.split ?? cfg.dataset.evalSplit,
      limit: cfg.dataset.evalLimit,
      gen,
    };
  }
  const listed = cfg.inference.evals ?? [];
  const fromConfig = req.name ? listed.find((e) => entryName(e) === req.name) : undefined;
  if (!req.dataset && !fromConfig) {
    throw new TunixError("E_USAGE", {
      file: `${runRel}/run.json`,
      field: "config.inference.evals",
      expected: req.name
        ? `an eval named ${JSON.stringify(req.name)} (listed: ${listed.map(entryName).join(", ") || "none"})`
        : "an eval name or a dataset",
      found: req.name ? "no such eval" : "neither",
      hint: "pass --dataset <name> [--split <split>] to evaluate on any dataset",
    });
  }
  const entry: EvalEntry = { ...fromConfig, ...definedOf(req) } as EvalEntry;
  const name = req.name ?? entryName(entry);
  if (!NAME.test(name)) {
    throw new TunixError("E_USAGE", {
      field: "--eval",
      expected: "a name of lowercase letters, digits, '.', '_' or '-'",
      found: JSON.stringify(name),
    });
  }
  const dir = path.join(runDir, EVALS_DIR, name);
  return {
    name,
    dir,
    rel: relOf(root, dir),
    dataset: entry.dataset,
    split: entry.split ?? "eval",
    limit: entry.limit,
    gen: {
      ...gen,
      ...pick(entry, ["maxNewTokens", "decoding", "temperature", "topK", "topP", "samples"] as const),
    },
    note: req.note,
  };
}

/** Command-line flags → an eval request (undefined when no eval flag is given); numbers checked. */
export function evalRequestFromFlags(flags: {
  eval?: string;
  dataset?: string;
  split?: string;
  limit?: string;
  samples?: string;
  temperature?: string;
  topP?: string;
  maxNewTokens?: string;
  note?: string;
}): EvalRequest | undefined {
  if (Object.values(flags).every((v) => v === undefined)) return undefined;
  const num = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x))
      throw new TunixError("E_USAGE", { field: flag, expected: "a number", found: JSON.stringify(v) });
    return x;
  };
  const sampled = flags.samples !== undefined || flags.temperature !== undefined || flags.topP !== undefined;
  const raw = {
    name: flags.eval,
    dataset: flags.dataset,
    split: flags.split,
    limit: num("--limit", flags.limit),
    samples: num("--samples", flags.samples),
    temperature: num("--temperature", flags.temperature),
    topP: num("--top-p", flags.topP),
    maxNewTokens: num("--max-new-tokens", flags.maxNewTokens),
    // Asking for samples or a temperature means sampled decoding.
    decoding: sampled ? ("sample" as const) : undefined,
  };
  const parsed = EvalEntry.partial().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    throw new TunixError("E_USAGE", {
      field: `--${key === "name" ? "eval" : key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      expected: issue.message,
      found: JSON.stringify(raw[key as keyof typeof raw]),
    });
  }
  return { ...definedOf(parsed.data), ...(flags.note ? { note: flags.note } : {}) };
}

/** An existing eval of a run, by name (for judging and reading). */
export function readEvalManifest(root: string, runDir: string, name: string): EvalManifest {
  const rel = `${relOf(root, runDir)}/${EVALS_DIR}/${name}/${EVAL_FILE}`;
  const file = path.join(runDir, EVALS_DIR, name, EVAL_FILE);
  if (!NAME.test(name) || !isFile(file)) {
    throw new TunixError("E_NOT_FOUND", {
      file: rel,
      message: `no eval named ${JSON.stringify(name)}`,
      hint: `make it first: tunix-rt infer ${relOf(root, runDir)} --eval ${name} --dataset <name>`,
    });
  }
  return readJsonFile(file, EvalManifest, rel);
}

export function writeEvalManifest(dir: string, m: EvalManifest): void {
  writeJsonAtomic(
    path.join(dir, EVAL_FILE),
    EvalManifest.parse({ ...m, updatedAt: new Date().toISOString() }),
  );
}

/** The eval folder of a run's extra eval (`name` undefined: the run folder itself). */
export function evalDirOf(runDir: string, name?: string): string {
  return name === undefined ? runDir : path.join(runDir, EVALS_DIR, name);
}

/**
 * Run `work` as stage `stage` of an extra eval, recording running → completed/failed with timings
 * in its eval.json (which must exist). Redoing a stage drops the records of the stages after it.
 */
export async function recordEvalStage<T>(
  dir: string,
  stage: "infer" | "judge" | "summarize",
  work: () => Promise<T>,
): Promise<T> {
  const file = path.join(dir, EVAL_FILE);
  // Named as runs/<id>/evals/<name>/eval.json, never by this machine's absolute path.
  const display = [...dir.split(path.sep).slice(-4), EVAL_FILE].join("/");
  const read = () => readJsonFile(file, EvalManifest, display);
  const startedAt = new Date();
  let m = read();
  const order = ["infer", "judge", "summarize"];
  for (const later of order.slice(order.indexOf(stage) + 1)) delete m.stages[later];
  m.stages[stage] = { status: "running", startedAt: startedAt.toISOString() };
  m.status = "running";
  m.error = undefined;
  writeEvalManifest(dir, m);
  const finish = (status: "completed" | "failed") => {
    const endedAt = new Date();
    m = read();
    m.stages[stage] = {
      status,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      seconds: (endedAt.getTime() - startedAt.getTime()) / 1000,
    };
    return m;
  };
  try {
    const result = await work();
    m = finish("completed");
    m.status = order.every((s) => m.stages[s]?.status === "completed") ? "completed" : "pending";
    writeEvalManifest(dir, m);
    return result;
  } catch (err) {
    m = finish("failed");
    m.status = "failed";
    m.error = { stage, message: (err as Error).message };
    writeEvalManifest(dir, m);
    throw err;
  }
}

/**
 * Record where predictions came from: run.json's `generation` for the run's own eval (its stage
 * record is kept by `runStage`), else the eval's eval.json, written afresh with its infer stage
 * (the judge and summarize records of earlier predictions no longer hold).
 */
export function recordGeneration(
  runDir: string,
  target: Pick<EvalTarget, "name" | "dir" | "dataset" | "split" | "limit" | "note">,
  record: Record<string, unknown>,
  lockHash: string,
  model: EvalManifest["model"],
  startedAt: Date,
): void {
  const latest = readRunManifest(runDir);
  if (target.name === undefined) {
    latest.generation = record;
    writeRunManifest(runDir, latest);
    return;
  }
  const now = new Date().toISOString();
  writeEvalManifest(target.dir, {
    schemaVersion: 1,
    name: target.name,
    run: latest.id,
    dataset: {
      name: target.dataset,
      split: target.split,
      lockHash,
      ...(target.limit ? { limit: target.limit } : {}),
    },
    generation: record,
    model,
    ...(target.note ? { note: target.note } : {}),
    status: "pending",
    createdAt: now,
    updatedAt: now,
    stages: {
      infer: {
        status: "completed",
        startedAt: startedAt.toISOString(),
        endedAt: now,
        seconds: (Date.parse(now) - startedAt.getTime()) / 1000,
      },
    },
  });
}

export function entryName(e: EvalEntry): string {
  return e.name ?? `${e.dataset}-${e.split ?? "eval"}`;
}

function definedOf<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && k !== "note"),
  ) as Partial<T>;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function relOf(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join("/");
}
