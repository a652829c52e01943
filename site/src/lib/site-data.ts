// Typed access to the content collections (the loaders in content.config.ts fill them through the
// pipeline's readers; the types here are the pipeline's z.infer types, never copies).
import { getCollection } from "astro:content";
import type { RunCurves } from "../../../pipeline/src/report/curves.ts";
import type { SplitHistograms } from "../../../pipeline/src/report/dataset-view.ts";
import type { EvalFileName } from "../../../pipeline/src/report/evals-reader.ts";
import type { RunFileName } from "../../../pipeline/src/report/runs-reader.ts";
import type { DatasetManifest } from "../../../pipeline/src/schemas/dataset.ts";
import type { EvalManifest } from "../../../pipeline/src/schemas/eval.ts";
import type { DatasetLock } from "../../../pipeline/src/schemas/lock.ts";
import type { RunManifest } from "../../../pipeline/src/schemas/run.ts";
import type { EvalSummary } from "../../../pipeline/src/schemas/summary.ts";
import type { SweepConfig, SweepResult } from "../../../pipeline/src/schemas/sweep.ts";
import type { Trace } from "../../../pipeline/src/schemas/trace.ts";
import { TRACES_PER_PAGE } from "./constants.ts";

export interface RunEntry {
  id: string;
  manifest: RunManifest;
  summary: EvalSummary | null;
  curves: RunCurves;
  files: RunFileName[];
  judgedAt: string;
  evals: EvalEntry[];
}

/** A run's extra eval (runs/<id>/evals/<name>/), without its items. */
export interface EvalEntry {
  name: string;
  manifest: EvalManifest;
  summary: EvalSummary | null;
  files: EvalFileName[];
}

export interface DatasetEntry {
  id: string;
  manifest: DatasetManifest;
  lock: DatasetLock | null;
  histograms: Record<string, SplitHistograms>;
}

export interface PagedTrace {
  trace: Trace;
  file: string;
  line: number;
  datasets: string[];
}

export interface TracePage {
  id: string;
  page: number;
  first: number;
  traces: PagedTrace[];
}

export interface SweepEntry {
  id: string;
  file: string;
  sweep: SweepConfig;
  /** runs/sweeps/<name>.json; null until `tunix-rt sweep collect`. */
  result: SweepResult | null;
}

const memo = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    memo.set(key, p);
  }
  return p;
}

export const getRuns = () =>
  once("runs", async () => (await getCollection("runs")).map((e) => e.data as unknown as RunEntry));
export const getDatasets = () =>
  once("datasets", async () =>
    (await getCollection("datasets")).map((e) => e.data as unknown as DatasetEntry),
  );
export const getTracePages = () =>
  once("tracePages", async () =>
    (await getCollection("tracePages"))
      .map((e) => e.data as unknown as TracePage)
      .sort((a, b) => a.page - b.page),
  );
export const getSweeps = () =>
  once("sweeps", async () => (await getCollection("sweeps")).map((e) => e.data as unknown as SweepEntry));

/** Page number of the trace page holding the trace at 0-based position `index`. */
export function pageOfIndex(index: number): number {
  return Math.floor(index / TRACES_PER_PAGE) + 1;
}

/** Anchor of a trace on its page (ids may hold `/` and `:`; fragments allow them). */
export function traceAnchor(id: string): string {
  return `t-${id}`;
}

/** Anchor of an item on a run page. */
export function itemAnchor(id: string): string {
  return `item-${id}`;
}
