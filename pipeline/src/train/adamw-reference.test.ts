// Both AdamW implementations (optimizer.ts on tensors, host-adamw.ts on host arrays) against
// PyTorch's torch.optim.AdamW: five steps with their own learning rates, global-norm clipping
// (three steps over the bound, two under), a matrix that is decayed and a bias that is not. The
// reference is fixtures/adamw-reference.json, written by bench/peers/adamw_reference.py (see there).
//
// Tolerance: parameters and moments within 2e-6 + 2e-6·|reference| (float32 on both sides, our host
// version sums in float64; measured on cpu: parameters 2.4e-7 at most, moments 7.5e-9), the
// pre-clip gradient norm within 1e-6 relative. Decaying the bias too would move it by 0.05–0.16
// (the fixture's `ifBiasDecayed`): thousands of times the tolerance.
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../model/backend.ts";
import { HostAdamW } from "./host-adamw.ts";
import { AdamW, type AdamWConfig, type Optimizer } from "./optimizer.ts";

interface Reference {
  generatedBy: string;
  config: AdamWConfig & { maxNorm: number };
  params: Record<string, { shape: number[]; values: number[] }>;
  decayed: string[];
  steps: {
    lr: number;
    grads: Record<string, number[]>;
    gradNorm: number;
    params: Record<string, number[]>;
  }[];
  state: { step: number; m: Record<string, number[]>; v: Record<string, number[]> };
  ifBiasDecayed: { b: number[] };
}

const REF = JSON.parse(
  readFileSync(new URL("./fixtures/adamw-reference.json", import.meta.url), "utf8"),
) as Reference;
const ABS = 2e-6;
const REL = 2e-6;

/** Largest amount by which `got` misses `want` beyond the tolerance (≤ 0: within). */
function excess(got: ArrayLike<number>, want: readonly number[]): number {
  expect(got.length).toBe(want.length);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(worst, Math.abs(got[i] - want[i]) - (ABS + REL * Math.abs(want[i])));
  return worst;
}

async function follow(make: (p: Map<string, tf.Variable>) => Optimizer) {
  const params = new Map(
    Object.entries(REF.params).map(([name, p]) => [name, tf.variable(tf.tensor(p.values, p.shape))] as const),
  );
  const opt = make(params);
  const { maxNorm } = REF.config;
  const trace: { norm: number; params: Record<string, Float32Array> }[] = [];
  for (const step of REF.steps) {
    const grads = new Map(
      Object.entries(step.grads).map(([name, g]) => [name, tf.tensor(g, REF.params[name].shape)] as const),
    );
    const norm = await opt.update(grads, step.lr, maxNorm);
    for (const g of grads.values()) g.dispose();
    const values: Record<string, Float32Array> = {};
    for (const [name, p] of params) values[name] = (await p.data()) as Float32Array;
    trace.push({ norm, params: values });
  }
  const state = await opt.exportState();
  opt.dispose();
  for (const p of params.values()) p.dispose();
  return { trace, state };
}

const OPTIMIZERS: [string, (p: Map<string, tf.Variable>) => Optimizer][] = [
  ["AdamW (tensors)", (p) => new AdamW(p, REF.config)],
  ["HostAdamW (host arrays)", (p) => new HostAdamW(p, REF.config)],
];

describe("AdamW against torch.optim.AdamW", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("uses a fixture where the bounds and the bias decay matter", () => {
    expect(REF.generatedBy).toMatch(/torch\.optim\.AdamW/);
    const norms = REF.steps.map((s) => s.gradNorm);
    expect(norms.filter((n) => n > REF.config.maxNorm * 1.2)).toHaveLength(3);
    expect(norms.filter((n) => n < REF.config.maxNorm * 0.2)).toHaveLength(2);
    expect(REF.decayed).toEqual(["w"]);
    expect(REF.params.b.shape).toHaveLength(1);
    // The wrong trajectory (bias decayed) is far outside the tolerance of the right one.
    expect(excess(Float32Array.from(REF.ifBiasDecayed.b), REF.steps.at(-1)!.params.b)).toBeGreaterThan(0.01);
  });

  it.each(OPTIMIZERS)("%s: every step's clipped update, norm and decay match PyTorch", async (_, make) => {
    const { trace, state } = await follow(make);
    REF.steps.forEach((ref, i) => {
      expect(Math.abs(trace[i].norm - ref.gradNorm) / ref.gradNorm, `norm at step ${i + 1}`).toBeLessThan(
        1e-6,
      );
      for (const name of Object.keys(REF.params))
        expect(
          excess(trace[i].params[name], ref.params[name]),
          `${name} after step ${i + 1}`,
        ).toBeLessThanOrEqual(0);
    });
    expect(state.step).toBe(REF.state.step);
    for (const name of Object.keys(REF.params)) {
      expect(excess(state.m.get(name)!, REF.state.m[name]), `m of ${name}`).toBeLessThanOrEqual(0);
      expect(excess(state.v.get(name)!, REF.state.v[name]), `v of ${name}`).toBeLessThanOrEqual(0);
    }
  });

  it.each(OPTIMIZERS)(
    "%s: the bias is not decayed (it would match ifBiasDecayed if it were)",
    async (_, make) => {
      const { trace } = await follow(make);
      const b = trace.at(-1)!.params.b;
      expect(excess(b, REF.steps.at(-1)!.params.b)).toBeLessThanOrEqual(0);
      expect(excess(b, REF.ifBiasDecayed.b)).toBeGreaterThan(0.01);
    },
  );
});
