// The project's seeded randomness, in one place: every number is the same for a seed on every
// machine and backend. Pure and browser-safe. One core, `fmix32` (murmur3's 32-bit finaliser),
// under three tools that keep their own, committed, sequences:
//   - `mulberry32(seed)`: floats in [0, 1) for sampling that must be reproducible (bootstrap
//     intervals, judge evaluation points, benchmark and test data);
//   - `createRng(seed)` + `deriveSeed(...labels)`: the synthetic trace generators' stream (a 32-bit
//     golden-ratio counter scrambled by `fmix32`, the splitmix idea) with int/pick/shuffle/chance;
//   - `hash32(text, seed)` / `hash32Bytes`: a seeded string hash (multiply-xorshift, `fmix32`
//     finish) that orders dataset rows (dataset/seeded-order.ts) independently of file order.
// (model/prng.ts still wraps the mulberry32 step with saveable state for training checkpoints.)
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
