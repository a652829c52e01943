// Backend step parity: one training step's loss and every gradient computed on two backends and
// compared within a stated tolerance. Any pair of device values works (webgpu vs cpu, wasm vs cpu,
// …); a case builds the same model and batch from seeds on whichever backend is current.
//
//   const report = await runStepParity("cpu", "webgpu", gptStepCase(TINY_GPT));
//   report.ok;                  // every gradient and the loss within tolerance
//   formatParity(report);       // one line per tensor: max |Δ|, relative L2 error
//
// Tolerance (fp32 on both sides, summation orders differ): the loss within 1e-6 relative; each
// gradient within 1e-5 relative L2 error (‖g_b − g_a‖ / ‖g_a‖) and max |Δ| ≤ 1e-4 · max |g_a|.
// Measured on lavapipe (webgpu vs cpu, a 2-layer GPT): loss 1e-7, relative L2 at most 7e-7, max |Δ|
// at most 4e-7 · max |g|, so the bounds leave a margin of 10× or more.
import * as tf from "@tensorflow/tfjs";
import { type BackendInfo, type Device, type InitOptions, initBackend } from "./backend.ts";
import { type CausalLM, type ModelInput, paramName } from "./causal-lm.ts";
import { createGpt, type GptConfig } from "./families/gpt.ts";
import { sparseCrossEntropy } from "./loss.ts";
import { Prng } from "./prng.ts";

/** Builds one step on the current backend: the trainable variables and the loss closure. */
export interface StepCase {
  name: string;
  build(): { vars: tf.Variable[]; loss(): tf.Scalar; dispose(): void };
}

export interface Tolerance {
  lossRel: number;
  gradRelL2: number;
  /** max |Δ| allowed as a fraction of max |g| of the reference. */
  gradMaxRel: number;
}

export const DEFAULT_TOLERANCE: Tolerance = Object.freeze({
  lossRel: 1e-6,
  gradRelL2: 1e-5,
  gradMaxRel: 1e-4,
});

export interface StepReading {
  backend: BackendInfo;
  loss: number;
  grads: Map<string, Float32Array>;
  ms: number;
}

export interface TensorParity {
  name: string;
  maxAbsDiff: number;
  refMaxAbs: number;
  relL2: number;
  ok: boolean;
}

export interface ParityReport {
  case: string;
  a: BackendInfo;
  b: BackendInfo;
  loss: { a: number; b: number; rel: number; ok: boolean };
  grads: TensorParity[];
  tolerance: Tolerance;
  ok: boolean;
  ms: { a: number; b: number };
}

/** One forward + backward on `device`; every value read back asynchronously. */
export async function readStep(device: Device, c: StepCase, o: InitOptions = {}): Promise<StepReading> {
  const backend = await initBackend(device, o);
  const built = c.build();
  const t0 = performance.now();
  const { value, grads } = tf.variableGrads(built.loss, built.vars);
  const loss = (await value.data())[0];
  const out = new Map<string, Float32Array>();
  for (const [name, g] of Object.entries(grads)) out.set(paramName(name), (await g.data()) as Float32Array);
  const ms = performance.now() - t0;
  value.dispose();
  for (const g of Object.values(grads)) g.dispose();
  built.dispose();
  return { backend, loss, grads: out, ms };
}

export function compareSteps(a: StepReading, b: StepReading, tol: Tolerance, name = "step"): ParityReport {
  const lossRel = Math.abs(b.loss - a.loss) / Math.max(Math.abs(a.loss), 1e-12);
  const grads: TensorParity[] = [];
  for (const [key, ga] of a.grads) {
    const gb = b.grads.get(key);
    if (!gb || gb.length !== ga.length) {
      grads.push({ name: key, maxAbsDiff: Number.NaN, refMaxAbs: 0, relL2: Number.NaN, ok: false });
      continue;
    }
    let maxAbs = 0;
    let refMax = 0;
    let diff2 = 0;
    let ref2 = 0;
    for (let i = 0; i < ga.length; i++) {
      const d = gb[i] - ga[i];
      maxAbs = Math.max(maxAbs, Math.abs(d));
      refMax = Math.max(refMax, Math.abs(ga[i]));
      diff2 += d * d;
      ref2 += ga[i] * ga[i];
    }
    const relL2 = ref2 > 0 ? Math.sqrt(diff2 / ref2) : Math.sqrt(diff2);
    const ok = relL2 <= tol.gradRelL2 && maxAbs <= tol.gradMaxRel * refMax + 1e-12 && Number.isFinite(relL2);
    grads.push({ name: key, maxAbsDiff: maxAbs, refMaxAbs: refMax, relL2, ok });
  }
  for (const key of b.grads.keys()) {
    if (!a.grads.has(key))
      grads.push({ name: key, maxAbsDiff: Number.NaN, refMaxAbs: 0, relL2: Number.NaN, ok: false });
  }
  const lossOk = lossRel <= tol.lossRel;
  return {
    case: name,
    a: a.backend,
    b: b.backend,
    loss: { a: a.loss, b: b.loss, rel: lossRel, ok: lossOk },
    grads,
    tolerance: tol,
    ok: lossOk && grads.every((g) => g.ok),
    ms: { a: a.ms, b: b.ms },
  };
}

/** Reference on `a`, candidate on `b`. */
export async function runStepParity(
  a: Device,
  b: Device,
  c: StepCase,
  tol: Tolerance = DEFAULT_TOLERANCE,
  o: InitOptions = {},
): Promise<ParityReport> {
  const ra = await readStep(a, c, o);
  const rb = await readStep(b, c, o);
  return compareSteps(ra, rb, tol, c.name);
}

export function formatParity(r: ParityReport): string {
  const head = `${r.case}: ${r.a.name} vs ${r.b.name}: loss ${r.loss.a.toPrecision(7)} vs ${r.loss.b.toPrecision(7)} (rel ${r.loss.rel.toExponential(1)}) ${r.ok ? "ok" : "MISMATCH"}`;
  const rows = r.grads.map(
    (g) =>
      `  ${g.ok ? " " : "!"} ${g.name.padEnd(24)} max|Δ| ${g.maxAbsDiff.toExponential(2)} (max|g| ${g.refMaxAbs.toExponential(2)})  relL2 ${g.relL2.toExponential(2)}`,
  );
  return [head, ...rows].join("\n");
}

/** A GPT step case: seeded weights, a seeded batch of `batch` rows × `time` tokens (two packed
 * examples per row, so segment masks are exercised), loss over every position but the first.
 * `chunkBytes` makes the cross-entropy run in several chunks of logits (its large-vocabulary path). */
export function gptStepCase(
  c: GptConfig,
  batch = 2,
  time = Math.min(16, c.context),
  seed = 7,
  chunkBytes?: number,
): StepCase {
  return {
    name: `gpt ${c.layers}L×${c.dModel} vocab ${c.vocabSize}, ${batch}×${time} tokens${chunkBytes ? `, logits in ${chunkBytes} B chunks` : ""}`,
    build() {
      const model: CausalLM = createGpt(c, seed);
      const rng = new Prng(seed + 1);
      const n = batch * time;
      const input: ModelInput = {
        ids: Int32Array.from({ length: n }, () => rng.int(c.vocabSize)),
        positions: Int32Array.from({ length: n }, (_, i) => (i % time) % Math.ceil(time / 2)),
        segments: Int32Array.from({ length: n }, (_, i) => 1 + Math.floor((i % time) / Math.ceil(time / 2))),
        batch,
        time,
      };
      const labels = Int32Array.from({ length: n }, () => rng.int(c.vocabSize));
      const weights = Float32Array.from({ length: n }, (_, i) => (i % time === 0 ? 0 : 1));
      const denominator = weights.reduce((s, w) => s + w, 0);
      return {
        vars: [...model.trainable().values()],
        loss: () => {
          const { hidden } = model.forward(input);
          const out = sparseCrossEntropy(hidden, model.head(), labels, weights, denominator, {
            headTrainable: model.headTrainable(),
            chunkBytes,
          });
          out.correct.dispose();
          return out.loss;
        },
        dispose: () => model.dispose(),
      };
    },
  };
}
