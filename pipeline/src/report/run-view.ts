// The per-run view the site shows and serves as `runs/<id>.json`: the run's resolved config, its
// eval summary, its curves and one item per prediction with every judge's verdict joined to it.
// Pure and browser-safe (type-only imports), so the compare page can read these payloads back.
//
//   const view = toRunView(readRunFolder(root, id)); // view.items[0].verdicts["answer-correctness@1"]
import type { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import type { RunManifest } from "../schemas/run.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { type RunCurves, runCurves } from "./curves.ts";
import type { RunFolder } from "./runs-reader.ts";

export interface ItemVerdict {
  correct: boolean;
  /** false: the judge had nothing to judge in this item (absent: applicable). */
  applicable?: false;
  extracted: string | null;
  rule: string;
  comparison: string;
}

export interface RunItem {
  id: string;
  prompt: string;
  output: string;
  finishReason: PredictionRow["finishReason"];
  gold: string;
  source: string;
  category?: string;
  difficulty?: number;
  /** Judge → verdict; a judge that did not judge this item is absent. */
  verdicts: Record<string, ItemVerdict>;
}

export interface RunView {
  id: string;
  name: string;
  status: RunManifest["status"];
  createdAt: string;
  config: RunManifest["config"];
  summary: EvalSummary | null;
  judges: string[];
  curves: RunCurves;
  items: RunItem[];
}

/** Join predictions with their verdicts (by item id), in prediction order. */
export function joinItems(predictions: readonly PredictionRow[], verdicts: readonly VerdictRow[]): RunItem[] {
  const byId = new Map<string, Record<string, ItemVerdict>>();
  for (const v of verdicts) {
    const cell = byId.get(v.id) ?? {};
    cell[v.judge] = {
      correct: v.correct,
      extracted: v.extracted,
      rule: v.rule,
      comparison: v.comparison,
      ...(v.applicable === false ? { applicable: false as const } : {}),
    };
    byId.set(v.id, cell);
  }
  return predictions.map((p) => ({
    id: p.id,
    prompt: p.prompt,
    output: p.output,
    finishReason: p.finishReason,
    gold: p.gold,
    source: p.source,
    category: p.category,
    difficulty: p.difficulty,
    verdicts: byId.get(p.id) ?? {},
  }));
}

/** Judges of a run: those of its summary, else those found in its verdicts, sorted. */
export function runJudges(summary: EvalSummary | undefined, verdicts: readonly VerdictRow[]): string[] {
  if (summary) return Object.keys(summary.judges).sort();
  return [...new Set(verdicts.map((v) => v.judge))].sort();
}

export function toRunView(run: RunFolder): RunView {
  return {
    id: run.id,
    name: run.manifest.name,
    status: run.manifest.status,
    createdAt: run.manifest.createdAt,
    config: run.manifest.config,
    summary: run.summary ?? null,
    judges: runJudges(run.summary, run.verdicts),
    curves: runCurves(run.metrics),
    items: joinItems(run.predictions, run.verdicts),
  };
}
