// The seeded PRNG of the synthetic generators: a 32-bit counter stepped by the golden-ratio constant,
// each output scrambled by a murmur3-style finaliser (the splitmix idea, in 32 bits). Small, fast,
// and the same sequence on every machine, so the same plan always writes the same bytes.
//
//   const rng = createRng(deriveSeed(42, "totals", 0));
//   rng.int(1, 9); rng.pick(["a", "b"]); rng.shuffle([1, 2, 3]); rng.chance(0.5);

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

const GOLDEN = 0x9e3779b9;

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit seed from any list of labels: FNV-1a over their text, then mixed. */
export function deriveSeed(...parts: (string | number)[]): number {
  const text = parts.map(String).join("/");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`createRng: seed must be an integer, found ${seed}`);
  let state = mix32(seed >>> 0 || GOLDEN);
  const uint32 = (): number => {
    state = (state + GOLDEN) >>> 0;
    return mix32(state);
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
