// The public entry of the tunix-rt library (package.json `exports["."]`): what a script or another
// tool may import, in groups that follow the data flow. Everything else under pipeline/src is
// internal and may change without notice. The CLI (`tunix-rt <verb>`) calls the same functions.
//
//   import { loadRunConfig, runPipeline, compareRuns, readRunFolder, toRunView } from "tunix-rt";
//
// Groups: errors · schemas (one per data file kind) · files · traces · datasets · judges · runs
// (train → infer → judge → summarize) · reports (summaries, comparisons, regressions, leaderboard) ·
// validation.

// ── datasets: manifest → lock, exports ─────────────────────────────────────────────────────────────
export { checkDatasetLock, writeDatasetLock } from "./dataset/build.ts";
export { EXPORT_FORMATS, exportDataset } from "./dataset/export.ts";
// ── errors: the one error class, with file:line, field, expected/found and a hint ──────────────────
export { formatProblem, type Problem, TunixError } from "./errors.ts";
// ── files: reading with a schema (errors name file:line), stable JSON and its hash ────────────────
export { hashValue, stableStringify } from "./io/json.ts";
export { readJsonFile, readYamlFile } from "./io/read.ts";
// ── judges: the registry of versioned judges ─────────────────────────────────────────────────────
export { getJudge, JUDGES, judgeAll, judgeAllAsync } from "./judge/registry.ts";
export type { Judge, JudgeItem } from "./judge/types.ts";
// ── reports: summaries, comparisons, regressions, leaderboard rows, run folders as views ──────────
export { compareRuns } from "./report/compare.ts";
export { formatComparison, formatComparisonMarkdown } from "./report/compare-format.ts";
export { leaderboardRows, sortRows } from "./report/leaderboard.ts";
export { formatRegression, regressRun } from "./report/regress.ts";
export { toRunView } from "./report/run-view.ts";
export { readRunFolder, readRunFolders } from "./report/runs-reader.ts";
export { summarizeRun } from "./report/summary.ts";
// ── runs: config loading, run ids, the whole pipeline of a run folder ──────────────────────────────
export { loadRunConfig } from "./run/config-load.ts";
export { runIdFor } from "./run/manifest.ts";
export { runPipeline } from "./run/pipeline.ts";
// ── schemas: every committed data file kind and its zod schema (types are z.infer of them) ─────────
export { Baselines } from "./schemas/baselines.ts";
export { RunConfig } from "./schemas/config.ts";
export { DatasetManifest } from "./schemas/dataset.ts";
export { FILE_KINDS, type FileKind } from "./schemas/index.ts";
export { DatasetLock } from "./schemas/lock.ts";
export { MetricsRow, PredictionRow, VerdictRow } from "./schemas/rows.ts";
export { RunManifest } from "./schemas/run.ts";
export { EvalSummary } from "./schemas/summary.ts";
export { Trace } from "./schemas/trace.ts";
export { getTraceFormat, TRACE_FORMATS } from "./traces/formats.ts";
// ── traces: formats, content hash, import ────────────────────────────────────────────────────────
export { traceContentHash } from "./traces/hash.ts";
export { importTraces } from "./traces/import/import.ts";

// ── validation: the whole repository, as CI runs it ─────────────────────────────────────────────
export { validateRepo } from "./validate/validate.ts";
