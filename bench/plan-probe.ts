// One measured training run for the plan benchmark (bench/plan.ts), in its own process so its peak
// RSS is its own: builds a GPT of the given shape with random weights, optionally LoRA, runs a few
// optimizer steps on random tokens (every position carries loss) and prints one JSON line:
// { stepMs, heapBytes (wasm heap after the steps), peakTensorBytes }. The parent reads the peak
// RSS from rss-probe.ts.
//
//   node --import ./bench/rss-probe.ts bench/plan-probe.ts '{"layers":2,…,"batch":4,"seq":64,"method":"full","steps":3}'
import * as tf from "@tensorflow/tfjs";
import { type Device, initBackend } from "../pipeline/src/model/backend.ts";
import { createGpt, type GptConfig } from "../pipeline/src/model/families/gpt.ts";
import { attachLora } from "../pipeline/src/model/lora.ts";
import { Prng } from "../pipeline/src/model/prng.ts";
import { collate, type Unit } from "../pipeline/src/train/batching.ts";
import { createOptimizer } from "../pipeline/src/train/optimizer.ts";
import { trainStep } from "../pipeline/src/train/step.ts";

export interface ProbeSpec {
  gpt: GptConfig;
  batch: number;
  seq: number;
  method: "full" | "lora";
  loraR?: number;
  steps: number;
  device: Device;
  checkpoint?: boolean;
}

export async function probe(
  spec: ProbeSpec,
): Promise<{ stepMs: number; heapBytes: number; peakTensorBytes: number }> {
  const backend = await initBackend(spec.device);
  const model = createGpt(spec.gpt, 0);
  if (spec.method === "lora") {
    attachLora(
      model,
      {
        r: spec.loraR ?? 16,
        alpha: 32,
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
  const rows: Unit[][] = Array.from({ length: spec.batch }, () => {
    const ids = Int32Array.from({ length: spec.seq + 1 }, () => rng.int(spec.gpt.vocabSize));
    return [{ ids: ids.slice(0, -1), labels: ids.slice(1), weights: new Float32Array(spec.seq).fill(1) }];
  });
  const batch = collate(rows, 0);
  let peakTensorBytes = 0;
  const times: number[] = [];
  for (let i = 0; i < spec.steps; i++) {
    const t0 = performance.now();
    // tf.profile records the engine's high-water mark of live tensor bytes during the step.
    const info = await tf.profile(async () => {
      await trainStep(model, opt, [batch], { lr: 1e-4, clipGradNorm: 1, checkpoint: spec.checkpoint });
    });
    times.push(performance.now() - t0);
    peakTensorBytes = Math.max(peakTensorBytes, info.peakBytes);
  }
  const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
  const heapBytes = wasm?.HEAPU8?.length ?? 0;
  times.sort((a, b) => a - b);
  return { stepMs: times[Math.floor(times.length / 2)], heapBytes, peakTensorBytes };
}

if (process.argv[1]?.endsWith("plan-probe.ts")) {
  const spec = JSON.parse(process.argv[2]) as ProbeSpec;
  const out = await probe(spec);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
