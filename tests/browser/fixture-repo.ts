// A throw-away repository for the site's browser tests and its scale benchmark: generated traces
// (plus hand-written ones, one carrying HTML/script text), a dataset built with the pipeline's
// `writeDatasetLock`, and run folders whose predictions come from a seeded noisy oracle, judged by
// the real judges (`judgeAll`) and summarized by `summarizeRun`. Every file is schema-valid.
//
//   const root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-site-"));
//   await writeFixtureRepo(root, { traces: 300, runs: 2, itemsPerRun: 50 });
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateTraceLines } from "../../bench/trace-gen.ts";
import { writeDatasetLock } from "../../pipeline/src/dataset/build.ts";
import { writeJsonAtomic, writeJsonlAtomic } from "../../pipeline/src/io/atomic.ts";
import { judgeAll } from "../../pipeline/src/judge/registry.ts";
import type { JudgeItem } from "../../pipeline/src/judge/types.ts";
import { mulberry32 } from "../../pipeline/src/report/stats.ts";
import { summarizeRun } from "../../pipeline/src/report/summary.ts";
import { RunConfig } from "../../pipeline/src/schemas/config.ts";
import type { MetricsRow, PredictionRow } from "../../pipeline/src/schemas/rows.ts";
import { RunManifest } from "../../pipeline/src/schemas/run.ts";
import type { Trace } from "../../pipeline/src/schemas/trace.ts";
import { getTraceFormat } from "../../pipeline/src/traces/formats.ts";

export const XSS_TRACE_ID = "fixture-xss";
export const XSS_PROMPT =
  "Is <script>alert(1)</script> safe? And <img src=x onerror=alert(1)> too? Count the zebras: 2 + 3.";
export const JUDGE_NAMES = ["answer-correctness@1", "format@1", "step-arithmetic@1"];

export interface FixtureOptions {
  /** Generated traces in the train files (the eval file holds `evalTraces` more). */
  traces: number;
  evalTraces?: number;
  runs: number;
  itemsPerRun: number;
  trainFiles?: number;
  seed?: number;
  /** Dataset name (default `demo`). */
  dataset?: string;
  /** Number of the first run (ids fixture-0000 …); to add runs to an existing fixture. */
  firstRun?: number;
  /** Skip traces and the dataset (they exist already); only add runs. */
  runsOnly?: boolean;
  log?: (line: string) => void;
}

/** Hand-written eval traces: the script/HTML one, a unicode one and plain ones. */
function handTraces(): Trace[] {
  return [
    {
      schemaVersion: 1,
      id: XSS_TRACE_ID,
      source: "fixture/hand",
      prompt: XSS_PROMPT,
      steps: [{ text: "<b>2</b> + 3 = 5" }],
      answer: "5",
      category: "safety/html",
      difficulty: 1,
    },
    {
      schemaVersion: 1,
      id: "fixture-unicode",
      source: "fixture/hand",
      prompt: "Zoë buys 3 crêpes at €2 each. How much does Zoë pay?",
      steps: [{ text: "3 × 2 = 6" }],
      answer: "6",
      category: "arithmetic/money",
      difficulty: 1,
    },
  ];
}

/** Eval traces: hand-written first, then generated ones with the `evl` prefix. */
function evalTraces(count: number, seed: number): Trace[] {
  const gen = [...generateTraceLines({ seed: seed + 1, count, idPrefix: "evl" })].map(
    (l) => JSON.parse(l) as Trace,
  );
  return [...handTraces(), ...gen];
}

export async function writeFixtureRepo(
  root: string,
  opts: FixtureOptions,
): Promise<{ runIds: string[]; evalIds: string[] }> {
  const seed = opts.seed ?? 7;
  const log = opts.log ?? (() => {});
  const dataset = opts.dataset ?? "demo";
  const evals = evalTraces(opts.evalTraces ?? Math.max(opts.itemsPerRun, 20), seed);
  if (!opts.runsOnly) {
    const files = opts.trainFiles ?? 1;
    mkdirSync(path.join(root, "traces/fixture"), { recursive: true });
    const per = Math.ceil(opts.traces / files);
    for (let f = 0; f < files; f++) {
      const count = Math.max(0, Math.min(per, opts.traces - f * per));
      const lines = [...generateTraceLines({ seed, count, start: f * per, idPrefix: "fx" })];
      writeFileSync(
        path.join(root, `traces/fixture/train-${f}.jsonl`),
        lines.length ? `${lines.join("\n")}\n` : "",
      );
    }
    writeJsonlAtomic(path.join(root, "traces/fixture/eval.jsonl"), evals);
    log(`traces: ${opts.traces + evals.length}`);
    mkdirSync(path.join(root, "datasets"), { recursive: true });
    writeFileSync(
      path.join(root, `datasets/${dataset}.yaml`),
      [
        "schemaVersion: 1",
        `name: ${dataset}`,
        "description: Fixture dataset of the site tests",
        "sources: [traces/fixture/*.jsonl]",
        "split:",
        "  evalFiles: [traces/fixture/eval.jsonl]",
        "seed: 1",
        "",
      ].join("\n"),
    );
    await writeDatasetLock(root, dataset);
    log("dataset lock written");
  }
  const items = evals.slice(0, opts.itemsPerRun);
  const runIds: string[] = [];
  const first = opts.firstRun ?? 0;
  for (let r = first; r < first + opts.runs; r++) {
    const id = `fixture-${String(r).padStart(4, "0")}`;
    writeNoisyRun(root, id, items, {
      seed: seed * 1000 + r,
      accuracy: 0.3 + (0.5 * ((r * 37) % 100)) / 100,
      index: r,
      dataset,
    });
    runIds.push(id);
    if ((r + 1 - first) % 100 === 0) log(`runs: ${r + 1 - first}/${opts.runs}`);
  }
  return { runIds, evalIds: items.map((t) => t.id) };
}

/** One completed run folder over `items`, right with probability `accuracy` (seeded). */
export function writeNoisyRun(
  root: string,
  id: string,
  items: readonly Trace[],
  o: { seed: number; accuracy: number; index: number; dataset?: string },
): void {
  const rand = mulberry32(o.seed);
  const format = getTraceFormat("numbered");
  const lr = [1e-3, 3e-4, 1e-4][o.index % 3];
  const steps = 100 + 20 * (o.index % 5);
  const created = new Date(Date.UTC(2026, 10, 1) + o.index * 3_600_000).toISOString();
  const judged = new Date(Date.UTC(2026, 10, 1) + o.index * 3_600_000 + 600_000).toISOString();
  const config = RunConfig.parse({
    schemaVersion: 1,
    name: "fixture",
    description: `Fixture run ${o.index}`,
    tags: ["fixture", o.index % 2 ? "odd" : "even"],
    dataset: { name: o.dataset ?? "demo" },
    model: { layers: 2 + (o.index % 3) },
    training: { steps, lr, logEvery: 10 },
  });
  const predictions: PredictionRow[] = items.map((t) => {
    const u = rand();
    const right = u < o.accuracy;
    const truncated = !right && u > 0.93;
    const stepTexts = t.steps.map((s) => s.text);
    const output = truncated
      ? format.render(stepTexts, t.answer).slice(0, 20)
      : format.render(stepTexts, right ? t.answer : String(Number(t.answer) + 1 + Math.floor(rand() * 5)));
    return {
      schemaVersion: 1,
      id: t.id,
      prompt: t.prompt,
      output: t.id === XSS_TRACE_ID ? `${output}\n<script>alert(2)</script>` : output,
      finishReason: truncated ? "length" : "stop",
      gold: t.answer,
      source: t.source,
      category: t.category,
      difficulty: t.difficulty,
      goldSteps: t.steps.length,
      promptTokens: t.prompt.length,
      outputTokens: output.length,
      ms: 3,
    };
  });
  const judgeItems: JudgeItem[] = predictions.map((p) => ({
    id: p.id,
    prediction: p.output,
    gold: p.gold,
    prompt: p.prompt,
    goldSteps: p.goldSteps,
    traceFormat: "numbered",
    finishReason: p.finishReason,
    category: p.category,
  }));
  const verdicts = judgeAll(judgeItems, JUDGE_NAMES);
  const metrics: MetricsRow[] = [];
  for (let s = 0; s <= steps; s += 10) {
    const loss = 0.8 + 2.4 * Math.exp(-s / (30 + (o.index % 7))) + 0.15 * (rand() - 0.5);
    const lrNow =
      s < 10 ? (lr * (s + 1)) / 10 : lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * s) / steps)));
    metrics.push({
      schemaVersion: 1,
      kind: "train",
      step: s,
      epoch: s / steps,
      loss,
      lr: lrNow,
      gradNorm: 0.5 + rand(),
      tokens: s * 512,
      tokensPerS: 400,
      tokenAccuracy: Math.min(1, 0.2 + s / (2 * steps)),
      elapsedS: s * 0.5,
    });
    if (s > 0 && s % 50 === 0)
      metrics.push({
        schemaVersion: 1,
        kind: "eval",
        step: s,
        epoch: s / steps,
        evalLoss: loss + 0.2,
        evalTokenAccuracy: 0.3,
        elapsedS: s * 0.5,
      });
  }
  const manifest = RunManifest.parse({
    schemaVersion: 1,
    id,
    name: "fixture",
    configPath: "configs/runs/fixture.yaml",
    config,
    status: "completed",
    createdAt: created,
    updatedAt: judged,
    git: { commit: ((o.seed * 2654435761) >>> 0).toString(16).padStart(8, "0").repeat(5), dirty: false },
    dataset: { name: o.dataset ?? "demo", lockHash: "0".repeat(64) },
    tokenizer: { kind: "byte", fingerprint: "f".repeat(16) },
    chatTemplate: { name: "gemma", fingerprint: "e".repeat(16) },
    backend: { name: "cpu", version: "4.22.0", device: "cpu" },
    versions: { node: "24.22.3" },
    stages: {
      train: { status: "completed", startedAt: created, endedAt: created, seconds: steps * 0.5 },
      infer: { status: "completed", seconds: 12.5 },
      judge: { status: "completed", endedAt: judged, seconds: 0.4 },
      summarize: { status: "completed", endedAt: judged, seconds: 0.1 },
    },
    model: { parameters: 100_000 * (2 + (o.index % 3)), family: "gpt" },
  });
  const dir = path.join(root, "runs", id);
  writeJsonAtomic(path.join(dir, "run.json"), manifest);
  writeJsonlAtomic(path.join(dir, "metrics.jsonl"), metrics);
  writeJsonlAtomic(path.join(dir, "predictions.jsonl"), predictions);
  writeJsonlAtomic(path.join(dir, "verdicts.jsonl"), verdicts);
  writeJsonAtomic(
    path.join(dir, "eval_summary.json"),
    summarizeRun(predictions, verdicts, { run: id, dataset: o.dataset ?? "demo", split: "eval" }),
  );
}
