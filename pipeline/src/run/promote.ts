// `tunix-rt promote <run> --name <model> --stage candidate|production [--baseline]`: record the run as
// the next version of a model in `configs/models.yaml` (run, stage, commit, date, scores; promoting to
// production archives the earlier production version) and, with `--baseline`, make it the baseline
// `<model>` in `configs/baselines.yaml`, which `regress` then compares new runs with. Both files are
// edited through yaml's Document API, so their comments and layout stay; both are validated before
// either is written.
//
// Refused: a run that did not complete, whose eval summary is stale (not what summarizing its
// verdicts gives now, or judged with other judges than its config names), or whose judges differ
// from those of the baseline `<model>` it would join.
//
//   const r = promoteRun(root, "demo-b0541e87", { name: "demo-gpt", stage: "production", baseline: true });
import path from "node:path";
import { type Document, isMap, isScalar, isSeq, parseDocument, visit } from "yaml";
import { type Problem, TunixError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { holdLock } from "../io/file-lock.ts";
import { fileExists, readText } from "../io/files.ts";
import { stableStringify } from "../io/json.ts";
import { readJsonlFile } from "../io/jsonl-file.ts";
import { MODELS_FILE } from "../report/promotions.ts";
import { readRunFolder } from "../report/runs-reader.ts";
import { summarizeRun } from "../report/summary.ts";
import { Baselines } from "../schemas/baselines.ts";
import { ModelRegistry } from "../schemas/models.ts";
import { VerdictRow } from "../schemas/rows.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { summaryMetaOf } from "./judge-samples.ts";
import { readPredictions, SUMMARY_FILE, VERDICTS_FILE } from "./judge-stage.ts";
import { readRunReviews } from "./review.ts";

export const BASELINES_FILE = "configs/baselines.yaml";

export interface PromoteOptions {
  name: string;
  stage: "candidate" | "production";
  /** Also make the run the baseline named `name`. */
  baseline?: boolean;
  /** For a new baseline entry: the judge compared and the allowed drop. */
  metric?: string;
  tolerance?: number;
  now?: Date;
}

export interface PromoteResult {
  model: string;
  version: number;
  stage: "candidate" | "production";
  run: string;
  /** Versions that left production. */
  archived: number[];
  /** The baseline entry written, when `baseline`. */
  baseline?: { name: string; previousRun?: string };
  files: string[];
}

export function promoteRun(root: string, runId: string, opts: PromoteOptions): PromoteResult {
  // Both registries are read, changed and written under their locks: concurrent promotions all land.
  using _models = holdLock(root, path.join(root, MODELS_FILE));
  using _baselines = holdLock(root, path.join(root, BASELINES_FILE));
  const summary = freshSummary(root, runId);
  const baselinesDoc = fileExists(path.join(root, BASELINES_FILE))
    ? parseDocument(readText(path.join(root, BASELINES_FILE), BASELINES_FILE))
    : undefined;
  const existing = baselinesDoc
    ? Baselines.parse(baselinesDoc.toJS()).baselines.find((b) => b.name === opts.name)
    : undefined;
  if (existing && existing.run !== runId) sameJudges(root, existing.run, runId, summary);

  const files: string[] = [];
  const writes: [string, string][] = [];
  let baseline: PromoteResult["baseline"];
  if (opts.baseline) {
    const metric = opts.metric ?? existing?.metric ?? "answer-correctness@1";
    if (!summary.judges[metric]) {
      throw new TunixError("E_STATE", {
        file: `runs/${runId}/${SUMMARY_FILE}`,
        field: `judges.${metric}`,
        message: "the baseline's metric is not among the run's scores",
        hint: "pick another --metric, or judge the run with it",
      });
    }
    const doc =
      baselinesDoc ??
      parseDocument(
        `# Runs that new runs are compared with (tunix-rt regress).\nschemaVersion: 1\nbaselines: []\n`,
      );
    setBaseline(doc, opts.name, runId, metric, opts.tolerance);
    const text = doc.toString();
    Baselines.parse(parseDocument(text).toJS());
    writes.push([BASELINES_FILE, text]);
    baseline = { name: opts.name, previousRun: existing?.run };
  }

  const registryDoc = fileExists(path.join(root, MODELS_FILE))
    ? parseDocument(readText(path.join(root, MODELS_FILE), MODELS_FILE))
    : parseDocument(
        "# yaml-language-server: $schema=../pipeline/json-schema/models.schema.json\n# Promoted models: written by `tunix-rt promote`, reviewed in its pull request.\nschemaVersion: 1\nmodels: []\n",
      );
  const m = readRunFolder(root, runId, { items: false }).manifest;
  const version = {
    run: runId,
    stage: opts.stage,
    commit: m.git?.commit ?? "unknown",
    date: (opts.now ?? new Date()).toISOString(),
    dataset: `${summary.dataset}/${summary.split}`,
    scores: Object.fromEntries(
      Object.entries(summary.judges).map(([j, s]) => [j, { score: s.score, ci95: s.ci95.wilson, n: s.n }]),
    ),
  };
  const { number, archived } = addVersion(registryDoc, opts.name, version);
  const registryText = registryDoc.toString({ flowCollectionPadding: false }); // `[a, b]`, as biome formats YAML
  ModelRegistry.parse(parseDocument(registryText).toJS());
  writes.unshift([MODELS_FILE, registryText]);
  for (const [rel, text] of writes) {
    writeFileAtomic(path.join(root, rel), text);
    files.push(rel);
  }
  return { model: opts.name, version: number, stage: opts.stage, run: runId, archived, baseline, files };
}

/** The run's summary, refusing one that is missing, not completed or stale. */
function freshSummary(root: string, runId: string): EvalSummary {
  const run = readRunFolder(root, runId, { items: false });
  const file = `runs/${runId}/${SUMMARY_FILE}`;
  const stale = (message: string, extra: Partial<Problem> = {}) =>
    new TunixError("E_STALE", {
      file,
      message,
      hint: `summarize it again: tunix-rt judge runs/${runId}`,
      ...extra,
    });
  if (!run.summary || run.manifest.status !== "completed")
    throw stale(`the run is ${run.manifest.status}${run.summary ? "" : " and has no eval summary"}`, {
      hint: `finish it: tunix-rt run ${run.manifest.configPath ?? "<config>"}`,
    });
  const runDir = path.join(root, "runs", runId);
  const verdicts = readJsonlFile(
    path.join(runDir, VERDICTS_FILE),
    VerdictRow,
    `runs/${runId}/${VERDICTS_FILE}`,
  );
  const judged = [...new Set(verdicts.map((v) => v.judge))].sort();
  const asked = [...new Set(run.manifest.config.judges)].sort();
  if (judged.join() !== asked.join())
    throw stale("judged with other judges than the run's config names", {
      expected: asked.join(", "),
      found: judged.join(", "),
    });
  const predictions = readPredictions(root, runDir);
  const meta = summaryMetaOf(root, runDir, run.manifest);
  const reviews = readRunReviews(root, runDir, new Set(predictions.map((p) => p.id)));
  if (stableStringify(summarizeRun(predictions, verdicts, meta, reviews)) !== stableStringify(run.summary))
    throw stale("stale: it differs from what summarizing the run's verdicts gives now");
  return run.summary;
}

/** The judges of the baseline's run and of the promoted run must be the same. */
function sameJudges(root: string, baselineRun: string, runId: string, summary: EvalSummary): void {
  const theirs = Object.keys(readRunFolder(root, baselineRun, { items: false }).summary?.judges ?? {}).sort();
  const ours = Object.keys(summary.judges).sort();
  if (theirs.join() === ours.join()) return;
  throw new TunixError("E_MISMATCH", {
    file: `runs/${runId}/${SUMMARY_FILE}`,
    field: "judges",
    message: `the judges differ from those of the baseline's run ${baselineRun}`,
    expected: theirs.join(", "),
    found: ours.join(", "),
    hint: `judge the run with the baseline's judges (tunix-rt judge runs/${runId} --judge …), or promote it under another --name`,
  });
}

function setBaseline(doc: Document, name: string, run: string, metric: string, tolerance?: number): void {
  const list = doc.get("baselines");
  if (!isSeq(list)) doc.set("baselines", doc.createNode([]));
  const seq = doc.get("baselines") as { items: unknown[]; flow?: boolean };
  seq.flow = false; // `baselines: []` would keep every entry on one line
  const entry = seq.items.find((it) => isMap(it) && it.get("name") === name);
  if (isMap(entry)) {
    entry.set("run", run);
    if (tolerance !== undefined) entry.set("tolerance", tolerance);
    return;
  }
  seq.items.push(doc.createNode({ name, run, metric, direction: "higher", tolerance: tolerance ?? 0.02 }));
}

/** Append the run as the model's next version (or re-stage it if it is a version already). */
function addVersion(
  doc: Document,
  name: string,
  version: Record<string, unknown>,
): { number: number; archived: number[] } {
  if (!isSeq(doc.get("models"))) doc.set("models", doc.createNode([]));
  const models = doc.get("models") as { items: unknown[]; flow?: boolean };
  models.flow = false;
  let model = models.items.find((it) => isMap(it) && it.get("name") === name);
  if (!isMap(model)) {
    model = doc.createNode({ name, versions: [] });
    models.items.push(model);
  }
  const versions = (model as { get(k: string): unknown }).get("versions") as {
    items: unknown[];
    flow?: boolean;
  };
  versions.flow = false;
  const maps = versions.items.filter(isMap);
  const archived: number[] = [];
  if (version.stage === "production") {
    for (const v of maps) {
      if (v.get("stage") === "production" && v.get("run") !== version.run) {
        v.set("stage", "archived");
        archived.push(Number(v.get("version")));
      }
    }
  }
  const same = maps.find((v) => v.get("run") === version.run);
  if (same) {
    for (const [k, value] of Object.entries(version)) same.set(k, doc.createNode(value));
    return { number: Number(same.get("version")), archived };
  }
  const number = Math.max(0, ...maps.map((v) => Number(v.get("version")))) + 1;
  const node = doc.createNode({ version: number, ...version });
  // Intervals on one line: `ci95: [0.63, 0.72]`.
  visit(node, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === "ci95" && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  versions.items.push(node);
  return { number, archived };
}
