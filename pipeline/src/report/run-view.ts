// The per-run view the site shows and serves as `runs/<id>.json`: the run's resolved config, its
// eval summary, its curves and one item per prediction with every judge's verdict joined to it.
// Pure and browser-safe (type-only imports), so the compare page can read these payloads back.
//
//   const view = toRunView(readRunFolder(root, id)); // view.items[0].verdicts["answer-correctness@1"]
import { loraSettingsOf } from "../schemas/config.ts";
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
  /** The judge's verdict on each sample of an item generated k times (absent: one generation). */
  samples?: { correct: boolean; extracted: string | null }[];
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

/** How a run reads on the site: its status, unless it "completed" without its later stages. */
export interface RunStatusLabel {
  /** `completed`, `failed`, `running`, `pending`, or e.g. `trained, not evaluated`. */
  label: string;
  tone: "good" | "warn" | "bad";
}

/**
 * A run is shown as completed only when its summary was made: `tunix-rt train` alone marks run.json
 * completed after training, which would read as a finished evaluation. Such a run reads
 * "trained, not evaluated" (likewise "inferred, not judged", "judged, not summarized"). A manifest
 * without stage records keeps its own status.
 */
export function runStatusLabel(m: Pick<RunManifest, "status" | "stages">): RunStatusLabel {
  if (m.status === "failed") return { label: "failed", tone: "bad" };
  if (m.status !== "completed") return { label: m.status, tone: "warn" };
  const done = (stage: string) => m.stages[stage]?.status === "completed";
  if (done("summarize") || Object.keys(m.stages).length === 0) return { label: "completed", tone: "good" };
  if (done("judge")) return { label: "judged, not summarized", tone: "warn" };
  if (done("infer")) return { label: "inferred, not judged", tone: "warn" };
  if (done("train")) return { label: "trained, not evaluated", tone: "warn" };
  return { label: "completed", tone: "good" };
}

/**
 * How the run trained, for people: "full fine-tune", or "LoRA r16 (α 32): 76,800 of 3,241,728
 * parameters trainable" — from run.json's model record, else from the config.
 */
export function methodLabel(m: Pick<RunManifest, "model" | "config">): string {
  const t = m.config.training;
  const method = m.model?.method ?? t.method ?? "full";
  if (method !== "lora") return "full fine-tune";
  const l = loraSettingsOf(t);
  const head = `LoRA r${l.r} (α ${l.alpha}${l.rslora ? ", rsLoRA" : ""})`;
  const trainable = m.model?.trainableParameters;
  const total = m.model?.parameters;
  return trainable !== undefined && total !== undefined
    ? `${head}: ${trainable.toLocaleString("en")} of ${total.toLocaleString("en")} parameters trainable`
    : head;
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
      ...(v.samples ? { samples: v.samples } : {}),
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
