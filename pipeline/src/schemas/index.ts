// Every committed data file kind, its path pattern, its on-disk format and its one zod schema.
// `validate` walks this table; `npm run schemas` writes a JSON Schema per row. Frozen registry.
import type { z } from "zod";
import { Baselines } from "./baselines.ts";
import { RunConfig } from "./config.ts";
import { DatasetManifest } from "./dataset.ts";
import { EvalManifest } from "./eval.ts";
import { ImportProvenance } from "./import-provenance.ts";
import { JudgeCase, LlmCacheRow, RubricText } from "./judging.ts";
import { DatasetLock } from "./lock.ts";
import { ModelRegistry } from "./models.ts";
import { ReviewRow } from "./review.ts";
import { MetricsRow, PredictionRow, VerdictRow } from "./rows.ts";
import { RunManifest } from "./run.ts";
import { EvalSummary } from "./summary.ts";
import { SweepConfig, SweepResult } from "./sweep.ts";
import { Trace } from "./trace.ts";

export type FileFormat = "jsonl" | "json" | "yaml" | "text";

export interface FileKind {
  kind: string;
  format: FileFormat;
  /** Repository-relative path, `/`-separated. */
  pattern: RegExp;
  schema: z.ZodType;
  description: string;
}

export const FILE_KINDS: readonly FileKind[] = Object.freeze([
  {
    kind: "trace",
    format: "jsonl",
    pattern: /^traces\/.+\.jsonl$/,
    schema: Trace,
    description: "Reasoning traces, one per line",
  },
  {
    kind: "dataset",
    format: "yaml",
    pattern: /^datasets\/[^/]+\.yaml$/,
    schema: DatasetManifest,
    description: "Dataset manifest",
  },
  {
    kind: "lock",
    format: "json",
    pattern: /^datasets\/[^/]+\.lock\.json$/,
    schema: DatasetLock,
    description: "Dataset lock",
  },
  {
    kind: "run-config",
    format: "yaml",
    pattern: /^configs\/runs\/.+\.ya?ml$/,
    schema: RunConfig,
    description: "Run config",
  },
  {
    kind: "sweep",
    format: "yaml",
    pattern: /^configs\/sweeps\/.+\.ya?ml$/,
    schema: SweepConfig,
    description: "Sweep config",
  },
  {
    kind: "baselines",
    format: "yaml",
    pattern: /^configs\/baselines\.ya?ml$/,
    schema: Baselines,
    description: "Regression baselines",
  },
  {
    kind: "run",
    format: "json",
    pattern: /^runs\/[^/]+\/run\.json$/,
    schema: RunManifest,
    description: "Run manifest",
  },
  {
    kind: "metrics",
    format: "jsonl",
    pattern: /^runs\/[^/]+\/metrics\.jsonl$/,
    schema: MetricsRow,
    description: "Training metrics rows",
  },
  {
    kind: "predictions",
    format: "jsonl",
    pattern: /^runs\/[^/]+\/(evals\/[^/]+\/)?predictions\.jsonl$/,
    schema: PredictionRow,
    description: "Prediction rows",
  },
  {
    kind: "verdicts",
    format: "jsonl",
    pattern: /^runs\/[^/]+\/(evals\/[^/]+\/)?verdicts\.jsonl$/,
    schema: VerdictRow,
    description: "Verdict rows",
  },
  {
    kind: "summary",
    format: "json",
    pattern: /^runs\/[^/]+\/(evals\/[^/]+\/)?eval_summary\.json$/,
    schema: EvalSummary,
    description: "Eval summary",
  },
  {
    kind: "eval",
    format: "json",
    pattern: /^runs\/[^/]+\/evals\/[^/]+\/eval\.json$/,
    schema: EvalManifest,
    description: "An extra evaluation of a run (its predictions, verdicts and summary sit beside it)",
  },
  {
    kind: "judge-cases",
    format: "jsonl",
    pattern: /^configs\/judge-cases\/[^/]+\.jsonl$/,
    schema: JudgeCase,
    description: "Judge calibration cases",
  },
  {
    kind: "rubric",
    format: "text",
    pattern: /^configs\/rubrics\/[^/]+@\d+\.md$/,
    schema: RubricText,
    description: "LLM rubric prompt",
  },
  {
    kind: "llm-cache",
    format: "jsonl",
    pattern: /^runs\/[^/]+\/llm-cache\.jsonl$/,
    schema: LlmCacheRow,
    description: "Cached LLM judge responses",
  },
  {
    kind: "import-provenance",
    format: "json",
    pattern: /^traces\/.+\.provenance\.json$/,
    schema: ImportProvenance,
    description: "Where imported traces came from (tunix-rt traces import hf:…)",
  },
  {
    kind: "review",
    format: "jsonl",
    pattern: /^runs\/[^/]+\/reviews\/[a-z0-9][a-z0-9._-]*\.jsonl$/,
    schema: ReviewRow,
    description: "People's ratings of a run's items, one file per reviewer",
  },
  {
    kind: "sweep-result",
    format: "json",
    pattern: /^runs\/sweeps\/[^/]+\.json$/,
    schema: SweepResult,
    description: "Sweep result (tunix-rt sweep collect)",
  },
  {
    kind: "models",
    format: "yaml",
    pattern: /^configs\/models\.ya?ml$/,
    schema: ModelRegistry,
    description: "Model registry (tunix-rt promote)",
  },
] satisfies FileKind[]);

export function fileKindOf(relPath: string): FileKind | undefined {
  return FILE_KINDS.find((k) => k.pattern.test(relPath));
}

export type { Trace as TraceT } from "./trace.ts";
export {
  Baselines,
  DatasetLock,
  DatasetManifest,
  EvalSummary,
  MetricsRow,
  ModelRegistry,
  PredictionRow,
  RunConfig,
  RunManifest,
  SweepConfig,
  SweepResult,
  Trace,
  VerdictRow,
};
