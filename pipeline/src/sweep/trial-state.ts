// Where a trial stands, read from its run folder (`runs/<run-id>/`): completed, stopped at a rung,
// failed (with the stage and message run.json recorded), or missing (no folder yet); the steps it
// trained, its eval losses by step and its summary. The run folder is the only source of truth, so
// a local `sweep run` and a workflow's artifacts are read alike.
//
//   const s = readTrialState(root, trial.runId);
//   s.status, s.steps, s.evalLossAt(15), s.summary?.judges["answer-correctness@1"]
import path from "node:path";
import { folderExists } from "../io/files.ts";
import { readRunFolder } from "../report/runs-reader.ts";
import type { RunManifest } from "../schemas/run.ts";
import type { EvalSummary } from "../schemas/summary.ts";

export type TrialStatus = "completed" | "stopped" | "failed" | "missing";

export interface TrialState {
  status: TrialStatus;
  manifest?: RunManifest;
  summary?: EvalSummary;
  /** Optimizer steps trained so far. */
  steps: number;
  /** Where a rung stopped it (status stopped). */
  stoppedAtStep?: number;
  /** Eval loss by step (every eval row of metrics.jsonl). */
  evalLoss: Map<number, number>;
  /** The last train step logged (for progress), 0 before the first log. */
  lastLoggedStep: number;
  lastLoss?: number;
  error?: { stage: string; message: string };
}

export function readTrialState(root: string, runId: string): TrialState {
  const empty: TrialState = { status: "missing", steps: 0, evalLoss: new Map(), lastLoggedStep: 0 };
  if (!folderExists(path.join(root, "runs", runId))) return empty;
  const run = readRunFolder(root, runId, { items: false });
  const m = run.manifest;
  const evalLoss = new Map<number, number>();
  let lastLoggedStep = 0;
  let lastLoss: number | undefined;
  for (const row of run.metrics) {
    if (row.kind === "eval") evalLoss.set(row.step, row.evalLoss);
    else if (row.step >= lastLoggedStep) {
      lastLoggedStep = row.step;
      lastLoss = row.loss;
    }
  }
  const train = m.stages.train;
  const maxStep = Math.max(lastLoggedStep, ...evalLoss.keys(), 0);
  const base = { manifest: m, summary: run.summary, evalLoss, lastLoggedStep, lastLoss };
  if (m.status === "completed" && run.summary) {
    return { ...base, status: "completed", steps: m.config.training.steps ?? maxStep };
  }
  // Interrupted (Ctrl-C, with a checkpoint) counts as failed here, with run.json's message: the
  // next `sweep run` resumes it.
  if (m.status === "failed" || (m.status as string) === "interrupted") {
    return {
      ...base,
      status: "failed",
      steps: maxStep,
      error: m.error ?? { stage: "run", message: "failed without a message" },
    };
  }
  if (train?.status === "pending" && train.stoppedAtStep !== undefined) {
    return { ...base, status: "stopped", steps: train.stoppedAtStep, stoppedAtStep: train.stoppedAtStep };
  }
  return {
    ...base,
    status: "failed",
    steps: maxStep,
    error: {
      stage: Object.entries(m.stages).find(([, s]) => s.status === "running")?.[0] ?? "run",
      message: `the run did not finish (run.json says ${m.status}); run the sweep again to resume it`,
    },
  };
}
