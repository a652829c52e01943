// A compact index of trace ids for the uniqueness check over millions of traces: an open-addressing
// hash table of 64-bit id hashes → where the id was first seen (file index and line). It stores no
// strings, so memory is ~16 bytes per slot (≈ 25–45 bytes per id at the load factors used)
// whatever the id length, against ~80+ bytes per entry for a Map<string, number>.
//
// Two different ids may share a 64-bit hash (odds ~n²/2^65), so a hit is only a *candidate*: the
// caller confirms it by comparing the real ids (validate/trace-ids.ts re-reads those lines).
//
//   const index = createIdIndex();
//   const first = index.add(id, fileIndex, line); // undefined, or the location seen before
//   if (first) candidates.push({ first, …});

export interface IdLocation {
  fileIndex: number;
  line: number;
}

export interface IdIndex {
  /** Records the id at a location; returns the earlier location of an id with the same hash, if any. */
  add(id: string, fileIndex: number, line: number): IdLocation | undefined;
  readonly size: number;
  /** Bytes held by the table's arrays. */
  readonly bytes: number;
}

const MAX_LOAD = 0.7;
const LINE_SPAN = 2 ** 32;

/** `hash` is replaceable so tests can force collisions. */
export function createIdIndex(
  initialSlots = 1 << 16,
  hash: (id: string) => [number, number] = hashId,
): IdIndex {
  let slots = 1;
  while (slots < initialSlots) slots *= 2;
  let hashHi = new Int32Array(slots);
  let hashLo = new Int32Array(slots);
  // fileIndex * 2^32 + line; 0 marks an empty slot (lines start at 1).
  let where = new Float64Array(slots);
  let size = 0;

  const insert = (hi: number, lo: number, loc: number): number => {
    const mask = where.length - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const at = where[i];
      if (at === 0) {
        hashHi[i] = hi;
        hashLo[i] = lo;
        where[i] = loc;
        return 0;
      }
      if (hashLo[i] === lo && hashHi[i] === hi) return at;
      i = (i + 1) & mask;
    }
  };

  const grow = () => {
    const [oldHi, oldLo, oldWhere] = [hashHi, hashLo, where];
    hashHi = new Int32Array(oldWhere.length * 2);
    hashLo = new Int32Array(oldWhere.length * 2);
    where = new Float64Array(oldWhere.length * 2);
    for (let i = 0; i < oldWhere.length; i++) if (oldWhere[i] !== 0) insert(oldHi[i], oldLo[i], oldWhere[i]);
  };

  return {
    add(id, fileIndex, line) {
      const [hi, lo] = hash(id);
      const seen = insert(hi, lo, fileIndex * LINE_SPAN + line);
      if (seen !== 0) return { fileIndex: Math.floor(seen / LINE_SPAN), line: seen % LINE_SPAN };
      if (++size > where.length * MAX_LOAD) grow();
      return undefined;
    },
    get size() {
      return size;
    },
    get bytes() {
      return where.length * 16;
    },
  };
}

/** Two 32-bit hashes of a string (FNV-1a and a multiply-xor lane, each finished with murmur3's fmix). */
export function hashId(s: string): [number, number] {
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x2545f491;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return [fmix(a), fmix(b ^ a)];
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
