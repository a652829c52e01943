// The real shapes, measured: training steps of a random-weight Gemma 3 of the exact
// gemma-3-270m (or gemma-3-1b) shape with the real 262,144-token vocabulary, LoRA (r 16 on every
// projection) or full, on the best CPU backend, beside the independent PyTorch peer
// (bench/peers/gemma3_torch.py, Debian's python3-torch) with the same shape, batch and step, and
// beside `model plan`'s figure for the same shape. Peak RSS is this process's (run it alone).
// bench/train.ts calls it for `--model gemma-3-…`:
//
//   npm run bench -- train --model gemma-3-270m --method lora [--seq 512] [--batch 1] [--rank 16]
//     [--steps 2] [--device auto] [--no-checkpoint] [--no-peer]
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Device, initBackend } from "../pipeline/src/model/backend.ts";
import { countParameters, countTrainable } from "../pipeline/src/model/causal-lm.ts";
import { parseGemma3Config } from "../pipeline/src/model/families/gemma3-config.ts";
import { GEMMA3_LORA_TARGETS } from "../pipeline/src/model/families/gemma3-family.ts";
import { presetGemmaJson } from "../pipeline/src/model/families/gemma3-init.ts";
import { createGemma3 } from "../pipeline/src/model/families/gemma3-open.ts";
import { attachLora } from "../pipeline/src/model/lora.ts";
import { planBackendOf, planMemory } from "../pipeline/src/model/plan.ts";
import { Prng } from "../pipeline/src/model/prng.ts";
import { collate, type Unit } from "../pipeline/src/train/batching.ts";
import { createOptimizer } from "../pipeline/src/train/optimizer.ts";
import { trainStep } from "../pipeline/src/train/step.ts";
import type { BenchOptions, BenchResult } from "./types.ts";

const USER_ENV = { ...process.env };

export async function runGemma3TrainBench({ args, log }: BenchOptions): Promise<BenchResult> {
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const shape = opt("model", "gemma-3-270m");
  const method = opt("method", "lora") as "lora" | "full";
  const seq = Number(opt("seq", "512"));
  const batch = Number(opt("batch", "1"));
  const rank = Number(opt("rank", "16"));
  const steps = Number(opt("steps", "2"));
  const checkpoint = !args.includes("--no-checkpoint");
  const backend = await initBackend(opt("device", "auto") as Device);
  const json = presetGemmaJson(shape);
  const cfg = parseGemma3Config(json, `${shape}/config.json`);
  const t0 = performance.now();
  const model = createGemma3(cfg, 0, { json, configFile: `${shape}/config.json` }, seq);
  if (method === "lora")
    attachLora(
      model,
      { r: rank, alpha: 2 * rank, dropout: 0, targetModules: GEMMA3_LORA_TARGETS, rslora: false },
      1,
    );
  log(
    `${shape}: ${countParameters(model)} parameters, ${countTrainable(model)} trainable, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const optimizer = createOptimizer(
    model.trainable(),
    { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 },
    backend.name,
  );
  const rng = new Prng(3);
  const rows: Unit[][] = Array.from({ length: batch }, () => {
    const ids = Int32Array.from({ length: seq + 1 }, () => rng.int(cfg.vocabSize));
    return [{ ids: ids.slice(0, -1), labels: ids.slice(1), weights: new Float32Array(seq).fill(1) }];
  });
  const b = collate(rows, 0);
  const times: number[] = [];
  let loss = 0;
  for (let i = 0; i <= steps; i++) {
    const s0 = performance.now();
    loss = (await trainStep(model, optimizer, [b], { lr: 1e-4, clipGradNorm: 1, checkpoint })).loss;
    const ms = performance.now() - s0;
    log(
      `tfjs ${backend.name}: step ${i}${i === 0 ? " (warm-up)" : ""} ${ms.toFixed(0)} ms loss ${loss.toFixed(3)}`,
    );
    if (i > 0) times.push(ms);
  }
  const stepMs = [...times].sort((a, b2) => a - b2)[Math.floor(times.length / 2)];
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const loraOut =
    method === "lora"
      ? [...model.linearModules().values()].reduce((a, m) => a + m.out, 0) / cfg.layers
      : undefined;
  const plan = planMemory(
    {
      family: "gemma3",
      dims: model.dims,
      parameters: countParameters(model),
      trainable: countTrainable(model),
      method,
      loraOutPerLayer: loraOut,
      batch,
      seq,
      gradAccumSteps: 1,
      checkpoint,
    },
    planBackendOf(backend.name),
  );
  const peer = args.includes("--no-peer")
    ? { skipped: "--no-peer" }
    : measurePeer(shape, method, seq, batch, rank, steps, log);
  const tps = (batch * seq * 1000) / stepMs;
  const peerTps = "tokens_per_s" in peer ? (peer.tokens_per_s as number) : null;
  const rowsOut: Record<string, string | number>[] = [
    {
      impl: `tfjs ${backend.name} ${backend.version}`,
      step_ms: Math.round(stepMs),
      tokens_per_s: Number(tps.toFixed(1)),
      peak_rss_mb: Math.round(peakRss / 1e6),
      plan_mb: Math.round(plan.peakRssBytes / 1e6),
    },
  ];
  if (peerTps !== null && "step_ms" in peer)
    rowsOut.push({
      impl: `pytorch ${peer.torch} (${peer.threads} threads)`,
      step_ms: Math.round(peer.step_ms as number),
      tokens_per_s: Number(peerTps.toFixed(1)),
      peak_rss_mb: Math.round(peer.peak_rss_mb as number),
      plan_mb: "",
    });
  else log(`peer skipped: ${"skipped" in peer ? peer.skipped : "?"}`);
  model.dispose();
  return {
    rows: rowsOut,
    json: {
      model: shape,
      method,
      seq,
      batch,
      rank: method === "lora" ? rank : undefined,
      checkpoint,
      backend: backend.name,
      parameters: plan.parameters,
      trainable: plan.trainableParameters,
      step_ms: stepMs,
      tokens_per_s: tps,
      loss,
      peak_rss_bytes: peakRss,
      plan_peak_rss_bytes: plan.peakRssBytes,
      plan_bytes: plan.bytes,
      peer,
      ratio: peerTps ? tps / peerTps : null,
      target_ratio: 0.5,
      target_peak_rss_bytes: 3e9,
      pass: peerTps ? tps / peerTps >= 0.5 && peakRss <= 3e9 : undefined,
    },
  };
}

function measurePeer(
  shape: string,
  method: string,
  seq: number,
  batch: number,
  rank: number,
  steps: number,
  log: (s: string) => void,
): Record<string, unknown> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "peers", "gemma3_torch.py");
  const args = [
    script,
    "bench",
    "--model",
    shape,
    "--method",
    method,
    "--seq",
    seq,
    "--batch",
    batch,
    "--rank",
    rank,
    "--alpha",
    2 * rank,
    "--steps",
    steps,
  ].map(String);
  const r = spawnSync("/usr/bin/python3", args, {
    encoding: "utf8",
    env: { OMP_WAIT_POLICY: "PASSIVE", ...USER_ENV, OPENBLAS_CORETYPE: "SkylakeX" },
  });
  if (r.status === 3 || r.error) return { skipped: r.stderr?.trim() || String(r.error) };
  if (r.status !== 0) return { skipped: `peer failed: ${r.stderr.trim().split("\n").pop()}` };
  const out = JSON.parse(r.stdout.trim().split("\n").pop() as string) as Record<string, unknown>;
  log(
    `pytorch ${out.torch}: ${Number(out.step_ms).toFixed(0)} ms/step, peak RSS ${Math.round(Number(out.peak_rss_mb))} MB`,
  );
  return out;
}
