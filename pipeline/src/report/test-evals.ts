// Test helper: writes a small, schema-valid extra eval (`runs/<id>/evals/<name>/`: eval.json,
// predictions.jsonl, verdicts.jsonl, eval_summary.json) into a run folder made by test-runs.ts.
// Each item is given as a string of its samples ("1" correct, "0" wrong; one character = one
// generation); the verdicts come from the real answer-correctness and format judges, sample by
// sample, and the summary from the real `summarizeRun`. For tests of report/, the CLI and the
// site; not shipped.
//
//   writeTestEval(root, "a-1", { name: "gsm8k-test", dataset: "gsm8k", split: "test", items: ["1", "0"] });
//   writeTestEval(root, "a-1", { name: "demo-k4", items: ["1100", "0000"] });   // sampled, k = 4
import path from "node:path";
import { writeJsonAtomic, writeJsonlAtomic } from "../io/atomic.ts";
import { JUDGES } from "../judge/registry.ts";
import type { EvalManifest } from "../schemas/eval.ts";
import type { PredictionRow, VerdictRow } from "../schemas/rows.ts";
import { summarizeRun } from "./summary.ts";

export interface TestEvalSpec {
  name: string;
  dataset?: string;
  split?: string;
  /** Per item: its samples, "1" right and "0" wrong. */
  items: string[];
  /** Items whose prompt was cut to fit the context. */
  truncated?: number;
  note?: string;
  sameAsRun?: boolean;
  judgedAt?: string;
}

export function writeTestEval(root: string, runId: string, spec: TestEvalSpec): string {
  const dir = path.join(root, "runs", runId, "evals", spec.name);
  const dataset = spec.dataset ?? "demo";
  const split = spec.split ?? "eval";
  const judgedAt = spec.judgedAt ?? "2026-11-29T11:00:00.000Z";
  const text = (i: number, ok: boolean, s: number) =>
    `1. ${i} + 1 = ${ok ? i + 1 : i + 2 + s}\nAnswer: ${ok ? i + 1 : i + 2 + s}`;
  const predictions: PredictionRow[] = spec.items.map((pattern, i) => {
    const outs = [...pattern].map((ch, s) => text(i, ch === "1", s));
    return {
      schemaVersion: 1,
      id: `item-${i}`,
      prompt: `What is ${i} + 1?`,
      output: outs[0],
      finishReason: "stop",
      gold: String(i + 1),
      source: `${dataset}/test`,
      goldSteps: 1,
      promptTokens: 10,
      ...(i < (spec.truncated ?? 0) ? { promptTruncatedTokens: 3 } : {}),
      outputTokens: 12,
      ...(outs.length > 1
        ? { samples: outs.map((output) => ({ output, finishReason: "stop" as const, outputTokens: 12 })) }
        : {}),
      ms: 5,
    };
  });
  const verdicts: VerdictRow[] = [];
  for (const p of predictions) {
    for (const name of ["answer-correctness@1", "format@1"]) {
      const judge = JUDGES[name].judge!;
      const outs = p.samples?.map((s) => s.output) ?? [p.output];
      const each = outs.map((prediction) => judge({ id: p.id, prediction, gold: p.gold }));
      verdicts.push({
        ...each[0],
        ...(each.length > 1
          ? { samples: each.map((v) => ({ correct: v.correct, extracted: v.extracted })) }
          : {}),
      });
    }
  }
  const summary = summarizeRun(predictions, verdicts, { run: runId, dataset, split, eval: spec.name });
  const k = spec.items[0]?.length ?? 1;
  const manifest: EvalManifest = {
    schemaVersion: 1,
    name: spec.name,
    run: runId,
    dataset: { name: dataset, split, lockHash: "cd".repeat(32) },
    generation: { decoding: k > 1 ? "sample" : "greedy", ...(k > 1 ? { samples: k, temperature: 0.8 } : {}) },
    model: {
      dir: "artifacts/other/model",
      weightsSha256: "ef".repeat(32),
      sameAsRun: spec.sameAsRun ?? true,
    },
    ...(spec.note ? { note: spec.note } : {}),
    status: "completed",
    createdAt: "2026-11-29T10:00:00.000Z",
    updatedAt: judgedAt,
    stages: { summarize: { status: "completed", endedAt: judgedAt, seconds: 1 } },
  };
  writeJsonAtomic(path.join(dir, "eval.json"), manifest);
  writeJsonlAtomic(path.join(dir, "predictions.jsonl"), predictions);
  writeJsonlAtomic(path.join(dir, "verdicts.jsonl"), verdicts);
  writeJsonAtomic(path.join(dir, "eval_summary.json"), summary);
  return dir;
}
