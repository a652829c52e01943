// Training-step benchmark: optimizer steps (forward, backward, AdamW) of a GPT on the best available
// tfjs backend, side by side with an independent PyTorch implementation of the same architecture,
// batch and thread count (bench/peers/gpt_train.py) when Debian's python3-torch is installed; both
// sides' parameter counts are compared, and `pass` says whether ours reaches 0.5× the peer.
// Models: `reference` (4 layers × 256, context 256, batch 8, vocab 4096: 2,048 tokens per step),
// `default` (the schema's default GPT), `demo` (configs/runs/demo.yaml's GPT: 4 × 128, rotary,
// context 192, batch 16, vocab 768 — with `--method lora` for the LoRA figures). Gemma shapes go to
// bench/gemma3-train.ts. Peak RSS is this process's (run one measurement per process).
//
//   npm run bench -- train [--json] [--model reference|default|demo|large] [--method full|lora] [--checkpoint]
//     [--steps 3] [--profile] [--device wasm] [--matmul xnnpack|native] [--no-peer]
// --json prints { backend, tokens_per_s, gflops, peer_tokens_per_s, ratio, pass, peak_rss_bytes, … }.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { type Device, initBackend } from "../pipeline/src/model/backend.ts";
import { countParameters, countTrainable } from "../pipeline/src/model/causal-lm.ts";
import { createGpt, type GptConfig } from "../pipeline/src/model/families/gpt.ts";
import { selectWasmMatMul, wasmMatMulMode } from "../pipeline/src/model/kernels/index.ts";
import { attachLora } from "../pipeline/src/model/lora.ts";
import { Prng } from "../pipeline/src/model/prng.ts";
import { collate, type Unit } from "../pipeline/src/train/batching.ts";
import { createOptimizer } from "../pipeline/src/train/optimizer.ts";
import { trainStep } from "../pipeline/src/train/step.ts";
import type { Bench, BenchOptions, BenchResult } from "./types.ts";

export const REFERENCE: GptConfig = Object.freeze({
  vocabSize: 4096,
  layers: 4,
  dModel: 256,
  heads: 4,
  mlpHidden: 1024,
  context: 256,
  positions: "learned",
  tieEmbeddings: true,
});
export const REFERENCE_BATCH = 8;
/** configs/runs/demo.yaml's GPT (BPE 768, rotary, context 192) and its batch of 16 packed rows. */
export const DEMO_MODEL: GptConfig = Object.freeze({
  vocabSize: 768,
  layers: 4,
  dModel: 128,
  heads: 4,
  mlpHidden: 512,
  context: 192,
  positions: "rotary",
  tieEmbeddings: true,
});
/** A GPU-sized shape (GPT-2 small's layers and width, context 1024; the reference's vocabulary and
 * batch): on the reference a GPU mostly measures dispatch overhead. */
export const LARGE: GptConfig = Object.freeze({
  ...REFERENCE,
  layers: 12,
  dModel: 768,
  heads: 12,
  mlpHidden: 3072,
  context: 1024,
});
/** The schema's default model (configs without a `model:` block) with the byte tokenizer. */
export const DEFAULT_MODEL: GptConfig = Object.freeze({
  vocabSize: 261,
  layers: 4,
  dModel: 128,
  heads: 4,
  mlpHidden: 512,
  context: 256,
  positions: "learned",
  tieEmbeddings: true,
});

/** The environment as the user gave it, before the native BLAS loader adds to it. The peer gets the
 * same OpenMP wait policy as our side (PASSIVE unless set): spinning OpenMP threads make either
 * side collapse (5–25× slower steps, measured) when other jobs share the cores. */
const USER_ENV = { ...process.env };

/** fp32 peak of the 2 shared cores (AVX-512 FMA, measured 265–305, nominal 320 GFLOP/s). */
export const CPU_PEAK_GFLOPS = 300;

/** Model FLOPs of one step: 6 · tokens · matmul parameters + attention (QKᵀ and PV, ×3 for backward). */
export function stepFlops(c: GptConfig, batch: number): number {
  const tokens = batch * c.context;
  const perLayer = 4 * c.dModel * c.dModel + 2 * c.dModel * c.mlpHidden;
  const matmulParams = c.layers * perLayer + c.vocabSize * c.dModel;
  return 6 * tokens * matmulParams + 12 * c.layers * batch * c.context * c.context * c.dModel;
}

export async function measureTfjs(o: {
  steps: number;
  device: Device;
  profile: boolean;
  matmul?: "xnnpack" | "native";
  model?: GptConfig;
  batch?: number;
  method?: "full" | "lora";
  checkpoint?: boolean;
  log: (s: string) => void;
}) {
  const backend = await initBackend(o.device);
  if (o.matmul && backend.name === "wasm" && !selectWasmMatMul(o.matmul)) {
    throw new Error(`--matmul ${o.matmul} is not available`);
  }
  const c = o.model ?? REFERENCE;
  const batchRows = o.batch ?? REFERENCE_BATCH;
  const model = createGpt(c, 0);
  if (o.method === "lora") {
    attachLora(
      model,
      {
        r: 8,
        alpha: 16,
        dropout: 0,
        targetModules: ["attn.qkv", "attn.proj", "mlp.fc", "mlp.proj"],
        rslora: false,
      },
      0,
    );
  }
  const opt = createOptimizer(
    model.trainable(),
    { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 },
    backend.name,
  );
  const rng = new Prng(1);
  const rows: Unit[][] = Array.from({ length: batchRows }, () => {
    const ids = Int32Array.from({ length: c.context + 1 }, () => rng.int(c.vocabSize));
    return [{ ids: ids.slice(0, -1), labels: ids.slice(1), weights: new Float32Array(c.context).fill(1) }];
  });
  const batch = collate(rows, 0);
  const step = () => trainStep(model, opt, [batch], { lr: 3e-4, clipGradNorm: 1, checkpoint: o.checkpoint });
  await step(); // warm-up: kernel setup, XNNPACK operator creation
  const times: number[] = [];
  for (let i = 0; i < o.steps; i++) {
    const t0 = performance.now();
    const r = await step();
    times.push(performance.now() - t0);
    o.log(
      `tfjs ${backend.name}: step ${i + 1}/${o.steps} ${times[i].toFixed(0)} ms loss ${r.loss.toFixed(3)}`,
    );
  }
  let profile: { kernel: string; ms: number; share: number }[] | undefined;
  let profileTotals: { kernelMs: number; kernels: number; wallMs: number } | undefined;
  if (o.profile) {
    const p0 = performance.now();
    const info = await tf.profile(async () => {
      await step();
    });
    const wallMs = performance.now() - p0;
    const byKernel = new Map<string, number>();
    for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
    const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
    profileTotals = { kernelMs: total, kernels: info.kernels.length, wallMs };
    profile = [...byKernel]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([kernel, ms]) => ({ kernel, ms: Math.round(ms), share: ms / total }));
  }
  const ms = median(times);
  const tokens = batchRows * c.context;
  return {
    backend,
    parameters: countParameters(model),
    trainable: countTrainable(model),
    stepMs: ms,
    tokensPerS: (tokens / ms) * 1000,
    gflops: stepFlops(c, batchRows) / ms / 1e6,
    profile,
    /** The profiled step: Σ kernel time, kernels run, its wall time (profiling slows it). */
    profileTotals,
  };
}

/** Threads our side computes with: the native BLAS pool (TUNIX_BLAS_THREADS, default every core). */
export function ourThreads(): number {
  return Math.max(1, Number(USER_ENV.TUNIX_BLAS_THREADS ?? os.availableParallelism()));
}

export function measurePeer(
  steps: number,
  log: (s: string) => void,
  c: GptConfig = REFERENCE,
  batch = REFERENCE_BATCH,
):
  | { tokensPerS: number; stepMs: number; threads: number; torch: string; parameters: number }
  | { skipped: string } {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "peers", "gpt_train.py");
  const python = "/usr/bin/python3";
  if (!existsSync(python)) return { skipped: "no /usr/bin/python3" };
  const args = [
    script,
    "--layers",
    c.layers,
    "--d-model",
    c.dModel,
    "--heads",
    c.heads,
    "--context",
    c.context,
    "--batch",
    batch,
    "--vocab",
    c.vocabSize,
    "--mlp",
    c.mlpHidden,
    "--threads",
    ourThreads(),
    "--steps",
    steps,
  ].map(String);
  const r = spawnSync(python, args, {
    encoding: "utf8",
    env: { OMP_WAIT_POLICY: "PASSIVE", ...USER_ENV, OPENBLAS_CORETYPE: "SkylakeX" },
  });
  if (r.status === 3)
    return {
      skipped:
        r.stderr.trim() ||
        "python3-torch is not installed (apt-get install -y python3-torch libopenblas0-openmp)",
    };
  if (r.status !== 0) return { skipped: `peer failed: ${r.stderr.trim().split("\n").pop()}` };
  const out = JSON.parse(r.stdout.trim().split("\n").pop() as string) as {
    tokens_per_s: number;
    step_ms: number;
    threads: number;
    torch: string;
    parameters: number;
  };
  log(`pytorch ${out.torch}: ${out.step_ms.toFixed(0)} ms/step`);
  return {
    tokensPerS: out.tokens_per_s,
    stepMs: out.step_ms,
    threads: out.threads,
    torch: out.torch,
    parameters: out.parameters,
  };
}

/** What runs the matrix products: the wasm kernel in use, else the backend itself. */
function matmulOf(backendName: string): string {
  return backendName === "wasm" ? wasmMatMulMode() : backendName;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

const MODELS: Readonly<Record<string, { gpt: GptConfig; batch: number }>> = Object.freeze({
  reference: { gpt: REFERENCE, batch: REFERENCE_BATCH },
  default: { gpt: DEFAULT_MODEL, batch: REFERENCE_BATCH },
  demo: { gpt: DEMO_MODEL, batch: 16 },
  large: { gpt: LARGE, batch: REFERENCE_BATCH },
});

/** Ours must reach half the peer's tokens/s. */
export const TARGET_RATIO = 0.5;

export const bench: Bench = {
  summary:
    "GPT training steps (reference 4L/256d/T256/B8/V4096, default, demo; full or LoRA): tfjs tokens/s vs PyTorch",
  async run(opts: BenchOptions): Promise<BenchResult> {
    const { args, log } = opts;
    const name = option(args, "model") ?? "reference";
    if (name.startsWith("gemma-3-")) return (await import("./gemma3-train.ts")).runGemma3TrainBench(opts);
    const picked = MODELS[name];
    if (!picked)
      throw new Error(
        `--model ${name}: expected ${Object.keys(MODELS).join(", ")} or gemma-3-270m / gemma-3-1b`,
      );
    const steps = Number(option(args, "steps") ?? 3);
    const device = (option(args, "device") ?? "auto") as Device;
    const matmul = option(args, "matmul") as "xnnpack" | "native" | undefined;
    const method = (option(args, "method") ?? "full") as "full" | "lora";
    const modelConfig = picked.gpt;
    const batch = picked.batch;
    const ours = await measureTfjs({
      model: modelConfig,
      batch,
      method,
      checkpoint: args.includes("--checkpoint"),
      steps,
      device,
      profile: args.includes("--profile"),
      matmul,
      log,
    });
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    // The peer implements the reference architecture (learned positions, full fine-tuning).
    const comparable = modelConfig.positions === "learned" && method === "full";
    const peer =
      args.includes("--no-peer") || !comparable
        ? {
            skipped: comparable
              ? "--no-peer"
              : "the peer implements full fine-tuning of learned-position GPTs",
          }
        : measurePeer(steps, log, modelConfig, batch);
    const flops = stepFlops(modelConfig, batch);
    const peerTps = "tokensPerS" in peer ? peer.tokensPerS : null;
    const ratio = peerTps ? ours.tokensPerS / peerTps : null;
    const sameParameters = "parameters" in peer ? peer.parameters === ours.parameters : null;
    if (sameParameters === false)
      log(
        `parameter counts differ: ours ${ours.parameters}, peer ${(peer as { parameters: number }).parameters}`,
      );
    const rows: Record<string, string | number>[] = [
      {
        impl: `tfjs ${ours.backend.name} ${ours.backend.version} (matmul: ${matmulOf(ours.backend.name)}, ${method})`,
        parameters: ours.parameters,
        trainable: ours.trainable,
        step_ms: Math.round(ours.stepMs),
        tokens_per_s: Math.round(ours.tokensPerS),
        gflops: Number(ours.gflops.toFixed(1)),
        peak_pct: Number(((100 * ours.gflops) / CPU_PEAK_GFLOPS).toFixed(1)),
        peak_rss_mb: Math.round(peakRssBytes / 1e6),
      },
    ];
    if ("tokensPerS" in peer) {
      const g = flops / peer.stepMs / 1e6;
      rows.push({
        impl: `pytorch ${peer.torch} (${peer.threads} threads)`,
        parameters: peer.parameters,
        trainable: peer.parameters,
        step_ms: Math.round(peer.stepMs),
        tokens_per_s: Math.round(peer.tokensPerS),
        gflops: Number(g.toFixed(1)),
        peak_pct: Number(((100 * g) / CPU_PEAK_GFLOPS).toFixed(1)),
      });
    } else log(`peer skipped: ${peer.skipped}`);
    for (const p of ours.profile ?? [])
      log(`  ${p.kernel.padEnd(22)} ${String(p.ms).padStart(6)} ms  ${(100 * p.share).toFixed(1)}%`);
    return {
      rows,
      json: {
        model_name: name,
        method,
        backend: ours.backend.name,
        backend_version: ours.backend.version,
        device: ours.backend.device,
        matmul: matmulOf(ours.backend.name),
        model: { ...modelConfig, batch, parameters: ours.parameters, trainable: ours.trainable },
        gflop_per_step: flops / 1e9,
        step_ms: ours.stepMs,
        tokens_per_s: ours.tokensPerS,
        gflops: ours.gflops,
        peak_fraction: ours.gflops / CPU_PEAK_GFLOPS,
        peak_rss_bytes: peakRssBytes,
        threads: ourThreads(),
        peer_threads: "threads" in peer ? peer.threads : undefined,
        peer_parameters: "parameters" in peer ? peer.parameters : undefined,
        same_parameters: sameParameters,
        peer_tokens_per_s: peerTps,
        peer_skipped: "skipped" in peer ? peer.skipped : undefined,
        ratio,
        target_ratio: TARGET_RATIO,
        // A run without a peer (or a LoRA/rotary run) measures, it does not pass or fail.
        pass: ratio === null ? undefined : ratio >= TARGET_RATIO && sameParameters !== false,
        profile: ours.profile,
      },
    };
  },
};
