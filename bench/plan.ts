// Memory-plan benchmark: `model plan`'s peak-RSS estimate beside the measured peak RSS of a few real
// training steps, each in its own process (bench/rss-probe.ts reads the peak at exit):
//   demo        `tunix-rt train configs/runs/demo.yaml --set training.steps=20` in a scratch copy of
//               the repository (full fine-tune; tokenizer training and data loading included)
//   gpt-270m    a GPT shaped like Gemma-3-270m (18 layers × 640, 4 heads / 1 kv head, mlp 2048,
//               vocab 262,144), LoRA r 16, batch 1 × 512 tokens, with and without activation
//               checkpointing (bench/plan-probe.ts; random weights and tokens)
// Target: every estimate within 15% of the measurement. Also prints the plan of a full fine-tune of
// the 270m shape on wasm, which `train` refuses.
//
//   npm run bench -- plan [--json] [--only demo|gpt-270m]
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GptConfig } from "../pipeline/src/model/families/gpt.ts";
import { FAMILIES } from "../pipeline/src/model/families.ts";
import { selectModules } from "../pipeline/src/model/lora.ts";
import { planMemory, type TrainingShape } from "../pipeline/src/model/plan.ts";
import { trainingShapeOf } from "../pipeline/src/model/plan-config.ts";
import { loadRunConfig } from "../pipeline/src/run/config-load.ts";
import { RunConfig } from "../pipeline/src/schemas/config.ts";
import type { ProbeSpec } from "./plan-probe.ts";
import type { Bench, BenchOptions, BenchResult } from "./types.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const TARGET = 0.15;

/** A GPT with Gemma-3-270m's sizes where the GPT has them (hidden, layers, heads, mlp, vocab). */
export const GPT_270M: GptConfig = Object.freeze({
  vocabSize: 262144,
  layers: 18,
  dModel: 640,
  heads: 4,
  kvHeads: 1,
  mlpHidden: 2048,
  context: 512,
  positions: "rotary",
  tieEmbeddings: true,
});

/** The plan's training shape of a probe (the same estimator `model plan` uses for configs). */
export function probeShape(spec: ProbeSpec): TrainingShape {
  const g = spec.gpt;
  const model = RunConfig.parse({
    schemaVersion: 1,
    dataset: { name: "x" },
    model: {
      family: "gpt",
      layers: g.layers,
      dModel: g.dModel,
      heads: g.heads,
      kvHeads: g.kvHeads,
      mlpRatio: g.mlpHidden / g.dModel,
      context: g.context,
      positions: g.positions,
      tieEmbeddings: g.tieEmbeddings,
    },
  }).model;
  const shape = FAMILIES.gpt.describe(model, { root: ROOT, vocabSize: g.vocabSize });
  const r = spec.loraR ?? 16;
  let trainable = shape.parameters;
  let outs = 0;
  if (spec.method === "lora") {
    trainable = 0;
    for (const n of selectModules(shape.linearModules, FAMILIES.gpt.defaultLoraTargets, "gpt")) {
      const m = shape.linearModules.get(n) as { in: number; out: number };
      trainable += r * (m.in + m.out);
      outs += m.out;
    }
  }
  return {
    family: "gpt",
    dims: shape.dims,
    parameters: shape.parameters,
    trainable,
    method: spec.method,
    loraOutPerLayer: outs / shape.dims.layers,
    batch: spec.batch,
    seq: spec.seq,
    gradAccumSteps: 1,
    checkpoint: Boolean(spec.checkpoint),
  };
}

/** Run a node script in a child with the RSS probe preloaded; returns peak RSS (bytes) and stdout. */
function measure(
  args: string[],
  cwd: string,
): { rssBytes: number; stdout: string; ok: boolean; stderr: string } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "tunix-plan-")), "rss.json");
  const r = spawnSync(process.execPath, ["--import", path.join(HERE, "rss-probe.ts"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TUNIX_BENCH_RSS_FILE: file },
    maxBuffer: 64 * 1024 * 1024,
  });
  let rssBytes = 0;
  try {
    rssBytes = (JSON.parse(readFileSync(file, "utf8")) as { maxRssKb: number }).maxRssKb * 1024;
  } catch {
    // no file: the child died before exit
  }
  return { rssBytes, stdout: r.stdout, ok: r.status === 0, stderr: r.stderr };
}

/** A scratch repository with the demo's config, dataset and traces (runs and weights go there). */
function scratchRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tunix-plan-repo-"));
  for (const p of ["package.json", "configs/runs/demo.yaml", "datasets", "traces"]) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  }
  return dir;
}

export const bench: Bench = {
  summary:
    "model plan's peak-RSS estimate vs the measured peak RSS of real training steps (demo; 270m-shaped GPT, LoRA)",
  async run({ args, log }: BenchOptions): Promise<BenchResult> {
    const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
    const rows: Record<string, string | number>[] = [];
    const cases: Record<string, unknown>[] = [];
    const record = (
      name: string,
      plannedBytes: number,
      measuredBytes: number,
      extra: Record<string, unknown>,
    ) => {
      const error = measuredBytes ? (plannedBytes - measuredBytes) / measuredBytes : Number.NaN;
      rows.push({
        case: name,
        planned_mb: Math.round(plannedBytes / 1e6),
        measured_mb: Math.round(measuredBytes / 1e6),
        error_pct: Number((100 * error).toFixed(1)),
        within_15pct: Math.abs(error) <= TARGET ? "yes" : "no",
      });
      cases.push({ case: name, planned_bytes: plannedBytes, measured_bytes: measuredBytes, error, ...extra });
    };

    if (!only || only === "demo") {
      const repo = scratchRepo();
      const loaded = loadRunConfig(repo, "configs/runs/demo.yaml", ["training.steps=20"]);
      const plan = planMemory(await trainingShapeOf(repo, loaded.config), "wasm");
      log("demo: training 20 steps of configs/runs/demo.yaml in a scratch repository …");
      const cli = path.join(ROOT, "pipeline", "bin", "tunix-rt.js");
      const m = measure(
        [
          cli,
          "train",
          "configs/runs/demo.yaml",
          "--set",
          "training.steps=20",
          "--set",
          "training.device=wasm",
        ],
        repo,
      );
      if (!m.ok) log(`demo failed: ${m.stderr.trim().split("\n").slice(-3).join(" | ")}`);
      record("demo (full, wasm)", plan.peakRssBytes, m.rssBytes, { plan });
      rmSync(repo, { recursive: true, force: true });
    }
    if (!only || only === "gpt-270m") {
      for (const checkpoint of [true, false]) {
        const spec: ProbeSpec = {
          gpt: GPT_270M,
          batch: 1,
          seq: 512,
          method: "lora",
          loraR: 16,
          steps: 3,
          device: "wasm",
          checkpoint,
        };
        const plan = planMemory(probeShape(spec), "wasm");
        const name = `gpt 270m-shape LoRA r16 1×512${checkpoint ? " + checkpointing" : ""}`;
        if (!plan.fits && !args.includes("--measure-refused")) {
          // `train` refuses this run; measuring it means crashing a process on the wasm heap limit.
          log(
            `${name}: the plan refuses it (${plan.problems.join("; ")}); not measured (--measure-refused to try)`,
          );
          cases.push({ case: name, plan, refused: true });
          continue;
        }
        log(`${name}: planned ${(plan.peakRssBytes / 1e9).toFixed(2)} GB; measuring 3 steps …`);
        const m = measure([path.join(HERE, "plan-probe.ts"), JSON.stringify(spec)], ROOT);
        if (!m.ok) log(`${name} failed: ${m.stderr.trim().split("\n").slice(-3).join(" | ")}`);
        const probe = m.ok
          ? (JSON.parse(m.stdout.trim().split("\n").pop() as string) as { stepMs: number })
          : undefined;
        record(name, plan.peakRssBytes, m.rssBytes, {
          plan,
          step_ms: probe?.stepMs,
          tokens_per_s: probe ? 512 / (probe.stepMs / 1000) : undefined,
        });
      }
      const full = planMemory(
        probeShape({ gpt: GPT_270M, batch: 1, seq: 512, method: "full", steps: 0, device: "wasm" }),
        "wasm",
      );
      log(`full fine-tune of the 270m shape on wasm: fits=${full.fits} (${full.problems.join("; ")})`);
      cases.push({ case: "gpt 270m-shape full fine-tune (plan only)", plan: full });
    }
    const measured = cases.filter((c) => typeof c.error === "number");
    return {
      rows,
      json: {
        cases,
        target_abs_error: TARGET,
        pass: measured.every((c) => Math.abs(c.error as number) <= TARGET),
      },
    };
  },
};
