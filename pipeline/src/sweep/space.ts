// Search spaces: the grid points of a sweep and the values each sampled dimension draws. Pure and
// seeded: sample s of path p draws from its own stream (seed, s, p), so adding a dimension or a
// grid value never changes what the other paths draw, and raising `trials` only appends samples.
//
//   const points = gridPoints(sweep.space);             // [{ "training.warmupSteps": 0 }, …]
//   const values = sampleValues(sweep.space, sweep.seed, 3); // { "training.lr": 0.00412 }
//
// Real numbers are rounded to 6 significant digits (readable configs, stable ids); `randint` and
// `quniform` include their upper bound.
import { createRng, deriveSeed, type Rng } from "../random.ts";
import { dimensionKind, type SearchDimension } from "../schemas/sweep.ts";

export type Space = Record<string, SearchDimension>;
export type Params = Record<string, unknown>;

/** Paths searched by `grid`, in file order. */
export function gridPaths(space: Space): string[] {
  return Object.keys(space).filter((p) => dimensionKind(space[p]) === "grid");
}

/** Paths sampled (every kind but `grid`), in file order. */
export function sampledPaths(space: Space): string[] {
  return Object.keys(space).filter((p) => dimensionKind(space[p]) !== "grid");
}

/** The cartesian product of the grids: the first path varies slowest. One empty point without grids. */
export function gridPoints(space: Space): Params[] {
  let points: Params[] = [{}];
  for (const p of gridPaths(space)) {
    const values = space[p].grid ?? [];
    points = points.flatMap((point) => values.map((v) => ({ ...point, [p]: v })));
  }
  return points;
}

/** The values of sample `index` for every sampled path. */
export function sampleValues(space: Space, seed: number, index: number): Params {
  const out: Params = {};
  for (const p of sampledPaths(space)) out[p] = drawValue(space[p], createRng(deriveSeed(seed, index, p)));
  return out;
}

/** One draw of a sampled dimension. */
export function drawValue(d: SearchDimension, rng: Rng): unknown {
  if (d.choice) return d.choice[rng.int(0, d.choice.length - 1)];
  if (d.uniform) {
    const [lo, hi] = d.uniform;
    return clamp(round6(lo + rng.float() * (hi - lo)), lo, hi);
  }
  if (d.loguniform) {
    const [lo, hi] = d.loguniform;
    return clamp(round6(Math.exp(Math.log(lo) + rng.float() * (Math.log(hi) - Math.log(lo)))), lo, hi);
  }
  if (d.randint) return rng.int(d.randint[0], d.randint[1]);
  if (d.quniform) {
    const [lo, hi, q] = d.quniform;
    const steps = Math.floor((hi - lo) / q + 1e-9); // lo + steps·q ≤ hi
    return Number((lo + rng.int(0, steps) * q).toPrecision(12));
  }
  throw new Error("drawValue: a grid dimension is not sampled");
}

function round6(x: number): number {
  return Number(x.toPrecision(6));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
