// AdamW (tensor) and HostAdamW (host arrays) give the same updates as each other, clipping
// included (their agreement with PyTorch, decay on matrices only, is adamw-reference.test.ts); the
// schedule warms up, then decays to lr·minLrRatio.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../model/backend.ts";
import { HostAdamW } from "./host-adamw.ts";
import { AdamW, type Optimizer } from "./optimizer.ts";
import { lrAt } from "./schedule.ts";

const config = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

async function run(
  make: (p: Map<string, tf.Variable>) => Optimizer,
): Promise<{ values: number[]; norms: number[] }> {
  const params = new Map<string, tf.Variable>([
    [
      "w",
      tf.variable(
        tf.tensor2d([
          [0.5, -1],
          [2, 0.25],
        ]),
      ),
    ],
    ["b", tf.variable(tf.tensor1d([0.1, -0.2]))],
  ]);
  const opt = make(params);
  const norms: number[] = [];
  for (let step = 0; step < 4; step++) {
    const grads = new Map<string, tf.Tensor>([
      [
        "w",
        tf.tensor2d([
          [1 + step, -2],
          [0.5, 3],
        ]),
      ],
      ["b", tf.tensor1d([-0.5, 0.25 * step])],
    ]);
    norms.push(await opt.update(grads, 0.1, 2));
    for (const g of grads.values()) g.dispose();
  }
  const values = [...params.values()].flatMap((p) => Array.from(p.dataSync()));
  const state = await opt.exportState();
  expect(state.step).toBe(4);
  opt.dispose();
  for (const p of params.values()) p.dispose();
  return { values, norms };
}

describe("AdamW", () => {
  beforeAll(async () => {
    await initBackend("wasm");
  });

  it("host and tensor implementations agree with each other (clipping included)", async () => {
    const a = await run((p) => new AdamW(p, config));
    const b = await run((p) => new HostAdamW(p, config));
    expect(b.norms.map((n) => n.toFixed(4))).toEqual(a.norms.map((n) => n.toFixed(4)));
    a.values.forEach((v, i) => {
      expect(Math.abs(v - b.values[i])).toBeLessThan(1e-5);
    });
  });

  it("schedule: warmup, cosine and linear decay to minLrRatio, constant", () => {
    const c = { lr: 1, warmupSteps: 2, minLrRatio: 0.1 };
    expect(lrAt(0, { ...c, schedule: "cosine" }, 10)).toBe(0.5);
    expect(lrAt(1, { ...c, schedule: "cosine" }, 10)).toBe(1);
    expect(lrAt(2, { ...c, schedule: "cosine" }, 10)).toBe(1);
    expect(lrAt(9, { ...c, schedule: "cosine" }, 10)).toBeCloseTo(0.1, 10);
    expect(lrAt(9, { ...c, schedule: "linear" }, 10)).toBeCloseTo(0.1, 10);
    expect(lrAt(9, { ...c, schedule: "constant" }, 10)).toBe(1);
  });
});
