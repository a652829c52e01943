// Test helper: writes small, schema-valid run folders (run.json, metrics.jsonl, predictions.jsonl,
// verdicts.jsonl, eval_summary.json) into a temp repository, with verdicts given per item. The
// summary comes from the real `summarizeRun`. For tests of report/ and the CLI; not shipped.
//
//   writeTestRun(root, { id: "a-1", correct: [true, false, true] });
import path from "node:path";
import { writeJsonAtomic, writeJsonlAtomic } from "../io/atomic.ts";
import { judgeAll } from "../judge/registry.ts";
import { RunConfig } from "../schemas/config.ts";
import type { MetricsRow, PredictionRow, VerdictRow } from "../schemas/rows.ts";
import { RunManifest } from "../schemas/run.ts";
import { summarizeRun } from "./summary.ts";

export interface TestRunSpec {
  id: string;
  /** Per item (ids item-0, item-1, …): answer-correctness verdict. */
  correct: boolean[];
  /** Item id prefix (default `item-`): runs with other prefixes share no item. */
  idPrefix?: string;
  /** Outputs per item, instead of the generated `1. i + 1 = …` lines. */
  outputs?: string[];
  /** More judges, run for real (judgeAll) on the outputs; their verdicts join the summary. */
  judges?: string[];
  lr?: number;
  tags?: string[];
  dataset?: string;
  createdAt?: string;
  judgedAt?: string;
  steps?: number;
}

export function writeTestRun(root: string, spec: TestRunSpec): string {
  const dir = path.join(root, "runs", spec.id);
  const createdAt = spec.createdAt ?? "2026-11-28T10:00:00.000Z";
  const judgedAt = spec.judgedAt ?? "2026-11-28T11:00:00.000Z";
  const config = RunConfig.parse({
    schemaVersion: 1,
    name: "tiny",
    tags: spec.tags ?? [],
    dataset: { name: spec.dataset ?? "demo" },
    training: { lr: spec.lr ?? 3e-4, steps: spec.steps ?? 20 },
  });
  const manifest = RunManifest.parse({
    schemaVersion: 1,
    id: spec.id,
    name: "tiny",
    config,
    status: "completed",
    createdAt,
    updatedAt: judgedAt,
    git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: false },
    dataset: { name: spec.dataset ?? "demo", lockHash: "ab".repeat(32) },
    backend: { name: "cpu", version: "4.22.0", device: "cpu" },
    stages: { summarize: { status: "completed", endedAt: judgedAt, seconds: 1 } },
    model: { parameters: 1000, family: "gpt" },
  });
  const predictions: PredictionRow[] = spec.correct.map((ok, i) => ({
    schemaVersion: 1,
    id: `${spec.idPrefix ?? "item-"}${i}`,
    prompt: `What is ${i} + 1?`,
    output: spec.outputs?.[i] ?? `1. ${i} + 1 = ${ok ? i + 1 : i}\nAnswer: ${ok ? i + 1 : i}`,
    finishReason: i % 5 === 4 ? "length" : "stop",
    gold: String(i + 1),
    source: i % 2 ? "synthetic/sums" : "gsm8k/test",
    category: "arithmetic/sums",
    difficulty: 1 + (i % 3),
    goldSteps: 1,
    promptTokens: 10,
    outputTokens: 12,
    ms: 5,
  }));
  const verdicts: VerdictRow[] = spec.correct.map((ok, i) => ({
    schemaVersion: 1,
    id: `${spec.idPrefix ?? "item-"}${i}`,
    judge: "answer-correctness@1",
    correct: ok,
    extracted: String(ok ? i + 1 : i),
    gold: String(i + 1),
    rule: "answer-line",
    comparison: "rational",
    details: {},
  }));
  if (spec.judges?.length) {
    const items = predictions.map((p) => ({ id: p.id, prediction: p.output, gold: p.gold }));
    verdicts.push(...judgeAll(items, spec.judges));
  }
  const steps = spec.steps ?? 20;
  const metrics: MetricsRow[] = [];
  for (let s = 0; s <= steps; s += 5) {
    metrics.push({
      schemaVersion: 1,
      kind: "train",
      step: s,
      epoch: s / steps,
      loss: 3 - s / steps,
      lr: config.training.lr,
      gradNorm: 1,
      tokens: s * 100,
      tokensPerS: 50,
      tokenAccuracy: 0.5,
      elapsedS: s,
    });
  }
  metrics.push({
    schemaVersion: 1,
    kind: "eval",
    step: steps,
    epoch: 1,
    evalLoss: 2.5,
    evalTokenAccuracy: 0.4,
    elapsedS: steps,
  });
  writeJsonAtomic(path.join(dir, "run.json"), manifest);
  writeJsonlAtomic(path.join(dir, "metrics.jsonl"), metrics);
  writeJsonlAtomic(path.join(dir, "predictions.jsonl"), predictions);
  writeJsonlAtomic(path.join(dir, "verdicts.jsonl"), verdicts);
  const summary = summarizeRun(predictions, verdicts, {
    run: spec.id,
    dataset: spec.dataset ?? "demo",
    split: "eval",
  });
  writeJsonAtomic(path.join(dir, "eval_summary.json"), summary);
  return dir;
}
