// Next-token choice from one row of logits: greedy (first argmax) or sampling with temperature,
// top-k and top-p (nucleus), drawn from the project's seeded PRNG in float64 on the host.
//
//   pickToken(logits, { decoding: "sample", temperature: 0.8, topK: 40, topP: 0.95 }, rng)
import type { Prng } from "../model/prng.ts";

export interface SamplingOptions {
  decoding: "greedy" | "sample";
  temperature: number;
  topK: number;
  topP: number;
}

export function pickToken(logits: Float32Array, o: SamplingOptions, rng: Prng): number {
  if (o.decoding === "greedy") return argmax(logits);
  const order = [...logits.keys()].sort((a, b) => logits[b] - logits[a] || a - b);
  const keep = o.topK > 0 ? order.slice(0, o.topK) : order;
  const top = logits[keep[0]];
  const weights = keep.map((i) => Math.exp((logits[i] - top) / o.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let n = weights.length;
  if (o.topP < 1) {
    let mass = 0;
    for (n = 0; n < weights.length && mass < o.topP * total; n++) mass += weights[n];
  }
  const kept = weights.slice(0, Math.max(1, n));
  let r = rng.next() * kept.reduce((a, b) => a + b, 0);
  for (let i = 0; i < kept.length; i++) {
    r -= kept[i];
    if (r < 0) return keep[i];
  }
  return keep[kept.length - 1];
}

export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
