// Training curves of a run, ready to plot: loss, eval loss, learning rate and gradient norm as
// (step, value) series, each with a smoothed twin (debiased exponential moving average, the
// TensorBoard kind). Pure and browser-safe: the site and the compare page plot what this returns.
//
//   const curves = runCurves(metricsRows);   // curves.loss.steps, .raw, .smooth
//   smoothEma([3, 2, 1], 0.6)                  // [3, 2.375, 1.5918…]
import type { MetricsRow } from "../schemas/rows.ts";

export const CURVE_NAMES = ["loss", "evalLoss", "lr", "gradNorm"] as const;
export type CurveName = (typeof CURVE_NAMES)[number];

export interface Curve {
  steps: number[];
  raw: number[];
  smooth: number[];
}

export type RunCurves = Record<CurveName, Curve>;

/** Default smoothing weight (0 = none, towards 1 = smoother). */
export const SMOOTH_WEIGHT = 0.6;

/** Debiased EMA: s_t = w·s_{t-1} + (1-w)·x_t, divided by 1 - w^t so the first points are not pulled to 0. */
export function smoothEma(values: readonly number[], weight = SMOOTH_WEIGHT): number[] {
  const out: number[] = [];
  let acc = 0;
  let debias = 1;
  for (const x of values) {
    acc = weight * acc + (1 - weight) * x;
    debias *= weight;
    out.push(round6(acc / (1 - debias)));
  }
  return out;
}

/** Curves from metrics rows (train rows → loss, lr, gradNorm; eval rows → evalLoss), in step order. */
export function runCurves(metrics: readonly MetricsRow[], weight = SMOOTH_WEIGHT): RunCurves {
  const series: Record<CurveName, [number, number][]> = { loss: [], evalLoss: [], lr: [], gradNorm: [] };
  for (const row of metrics) {
    if (row.kind === "train") {
      series.loss.push([row.step, row.loss]);
      series.lr.push([row.step, row.lr]);
      series.gradNorm.push([row.step, row.gradNorm]);
    } else {
      series.evalLoss.push([row.step, row.evalLoss]);
    }
  }
  const curve = (points: [number, number][]): Curve => {
    const sorted = [...points].sort((a, b) => a[0] - b[0]);
    const raw = sorted.map((p) => p[1]);
    return { steps: sorted.map((p) => p[0]), raw, smooth: smoothEma(raw, weight) };
  };
  return {
    loss: curve(series.loss),
    evalLoss: curve(series.evalLoss),
    lr: curve(series.lr),
    gradNorm: curve(series.gradNorm),
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
