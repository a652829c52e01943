// The project's seeded randomness, in one place: every number is the same for a seed on every
// machine and backend. Pure and browser-safe. One core, `fmix32` (murmur3's 32-bit finaliser),
// under three tools that keep their own, committed, sequences:
//   - `mulberry32(seed)`: floats in [0, 1) for sampling that must be reproducible (bootstrap
//     intervals, judge evaluation points, benchmark and test data);
//   - `createRng(seed)` + `deriveSeed(...labels)`: the synthetic trace generators' stream (a 32-bit
//     golden-ratio counter scrambled by `fmix32`, the splitmix idea) with int/pick/shuffle/chance;
//   - `hash32(text, seed)` / `hash32Bytes`: a seeded string hash (multiply-xorshift, `fmix32`
//     finish) that orders dataset rows (dataset/seeded-order.ts) independently of file order.
//   - `Prng` + `mixSeed(seed, ...labels)`: the mulberry32 step with a saveable 32-bit state, for
//     weight initialisation, data order, dropout and sampling (training checkpoints save the state).
//
//   const next = mulberry32(7); next();                        // 0.0117…
//   const rng = createRng(deriveSeed(42, "totals", 0)); rng.int(1, 9); rng.shuffle(["a", "b"]);
//   hash32("gsm8k-1", 5);

const GOLDEN = 0x9e3779b9;

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One mulberry32 step: the next 32-bit state and the float in [0, 1) it yields. */
export function mulberry32Step(state: number): [next: number, value: number] {
  const a = (state + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [a, ((t ^ (t >>> 14)) >>> 0) / 4294967296];
}

/** Mulberry32: a fast 32-bit generator; returns floats in [0, 1), the same for a seed on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    const [next, value] = mulberry32Step(a);
    a = next;
    return value;
  };
}

/** Mulberry32 with its state in the open (saved in checkpoints), seeded through `fmix32` so that
 * seeds 0, 1, 2 … start far apart; normal draws by Box–Muller (one of the pair discarded). */
export class Prng {
  state: number;

  constructor(seed: number) {
    this.state = fmix32(((seed >>> 0) + GOLDEN) | 0);
  }

  /** A uniform float in [0, 1). */
  next(): number {
    const [state, value] = mulberry32Step(this.state);
    this.state = state;
    return value;
  }

  /** A standard normal draw. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates shuffle, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/** A seed derived from a base seed and labels (e.g. `mixSeed(seed, "data", epoch)`), stable across runs. */
export function mixSeed(seed: number, ...parts: (string | number)[]): number {
  let h = fmix32(((seed >>> 0) + GOLDEN) | 0);
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) h = fmix32(((h ^ s.charCodeAt(i)) + GOLDEN) | 0);
    h = fmix32(((h ^ GOLDEN) + GOLDEN) | 0);
  }
  return h >>> 0;
}

/** The synthetic generators' stream (`createRng`). */
export interface Rng {
  /** Next raw output, an integer in [0, 2^32). */
  uint32(): number;
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** A 32-bit seed from any list of labels: FNV-1a over their text joined by "/", then `fmix32`. */
export function deriveSeed(...parts: (string | number)[]): number {
  const text = parts.map(String).join("/");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** A counter stepped by the golden-ratio constant, each output scrambled by `fmix32`. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`createRng: seed must be an integer, found ${seed}`);
  let state = fmix32(seed >>> 0 || GOLDEN);
  const uint32 = (): number => {
    state = (state + GOLDEN) >>> 0;
    return fmix32(state);
  };
  const float = (): number => uint32() / 4294967296;
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new Error(`rng.int: need integers min <= max, found ${min}..${max}`);
    }
    return min + Math.floor(float() * (max - min + 1));
  };
  return {
    uint32,
    float,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("rng.pick: empty list");
      return items[int(0, items.length - 1)];
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    chance(p: number): boolean {
      return float() < p;
    },
  };
}

/** 32-bit hash of a string's UTF-16 code units under a 32-bit seed (multiply-xorshift, `fmix32` finish). */
export function hash32(text: string, seed: number): number {
  let h = (seed ^ GOLDEN) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return finishHash(h, text.length);
}

/** `hash32` of the latin1 text in bytes[start, end) (the same number as for the string). */
export function hash32Bytes(bytes: Uint8Array, start: number, end: number, seed: number): number {
  let h = (seed ^ GOLDEN) >>> 0;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ bytes[i], 0x5bd1e995);
    h ^= h >>> 15;
  }
  return finishHash(h, end - start);
}

function finishHash(h: number, length: number): number {
  return fmix32(Math.imul(h ^ length, 0x5bd1e995));
}
