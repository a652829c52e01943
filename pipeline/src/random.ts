// The project's small seeded generator for sampling that must be reproducible everywhere (bootstrap
// intervals, judge evaluation points, benchmark and test data). Pure, browser-safe.
// (model/prng.ts wraps the same step with saveable state for training checkpoints.)

/** Mulberry32: a fast 32-bit generator; returns floats in [0, 1), the same for a seed on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
