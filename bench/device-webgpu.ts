// Entry of the WebGPU training benchmark for a lent GPU machine (bundled with esbuild by
// bench/peers/pack-device-webgpu.sh and run there by bench/peers/device-webgpu.sh; it also runs
// here from source). One training step (forward, backward, clip, AdamW) of a GPT shape, timed on
// the `webgpu` backend, then one profiled step: the GPU time of every kernel (timestamp queries)
// against the wall time of a step tells dispatch overhead from kernel time. Prints one JSON line.
//
//   node bench/device-webgpu.ts --shape reference|large|tiny [--steps 5] [--device webgpu] [--no-profile]
//   shapes: reference = 4L×256, context 256, vocab 4096 (bench/train.ts); large = 12L×768, context
//           1024, vocab 4096; tiny = 2L×64, context 64, vocab 256 (a check that runs on lavapipe).
import type { Device } from "../pipeline/src/model/backend.ts";
import { probeWebGpu } from "../pipeline/src/model/backends/webgpu.ts";
import type { GptConfig } from "../pipeline/src/model/families/gpt.ts";
import { LARGE, measureTfjs, REFERENCE, REFERENCE_BATCH, stepFlops } from "./train.ts";

export const SHAPES: Readonly<Record<string, GptConfig>> = Object.freeze({
  reference: REFERENCE,
  large: LARGE,
  tiny: { ...REFERENCE, vocabSize: 256, layers: 2, dModel: 64, heads: 4, mlpHidden: 256, context: 64 },
});

/** fp32 (no tensor cores: WebGPU has none) peak of an H200 SXM, TFLOP/s. */
export const H200_FP32_TFLOPS = 67;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const shapeName = option(args, "shape") ?? "reference";
  const shape = SHAPES[shapeName];
  if (!shape) throw new Error(`--shape: expected ${Object.keys(SHAPES).join(" | ")}, found ${shapeName}`);
  const steps = Number(option(args, "steps") ?? 5);
  const device = (option(args, "device") ?? "webgpu") as Device;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const probe = device === "webgpu" ? await probeWebGpu() : undefined;
  const t0 = performance.now();
  const r = await measureTfjs({ steps, device, profile: !args.includes("--no-profile"), model: shape, log });
  const flops = stepFlops(shape, REFERENCE_BATCH);
  return {
    impl: "tfjs",
    shape: shapeName,
    model: { ...shape, batch: REFERENCE_BATCH, parameters: r.parameters },
    backend: r.backend,
    adapter: probe?.ok ? { ...probe.adapter, limits: probe.limits } : probe,
    steps,
    step_ms: r.stepMs,
    tokens_per_s: r.tokensPerS,
    gflop_per_step: flops / 1e9,
    tflops: r.gflops / 1000,
    peak_fraction_h200_fp32: r.gflops / 1000 / H200_FP32_TFLOPS,
    // One profiled step: top kernels, Σ kernel time (GPU timestamps on webgpu), kernels run.
    // step_ms − Σ kernel ms ≈ what dispatch and host work cost beyond the kernels.
    profile: r.profile,
    profile_totals: r.profileTotals,
    dispatch_overhead_fraction: r.profileTotals
      ? Math.max(0, 1 - r.profileTotals.kernelMs / r.stepMs)
      : undefined,
    wall_s: (performance.now() - t0) / 1000,
  };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("device-webgpu.mjs")) {
  main(process.argv.slice(2)).then(
    (res) => {
      process.stdout.write(`${JSON.stringify(res)}\n`);
      // Dawn's instance would keep a finished process waiting on its device: leave now.
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
