// The seeded shuffle of dataset sampling and splitting: rows are ordered by a 64-bit key hashed
// from (manifest seed, stream label, trace id), ties broken by id. That is a permutation fixed by the
// seed, independent of file and line order, and stable when traces are added: existing traces keep
// their relative order, so adding traces moves few old ones across a split boundary (a shuffle by a
// random-number sequence would re-deal every trace).
//
//   const order = seededOrder(rows, table.ids, manifest.seed, "split:category=algebra");
//   // rows sorted by key; cut it by the split counts

import type { IdStore } from "./id-store.ts";

/** 32-bit hash of a string's UTF-16 code units under a 32-bit seed (multiply-xorshift, murmur3 finaliser). */
export function hash32(text: string, seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return finish(h, text.length);
}

/** `hash32` of the latin1 text in bytes[start, end) (the same number as for the string). */
export function hash32Bytes(bytes: Uint8Array, start: number, end: number, seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ bytes[i], 0x5bd1e995);
    h ^= h >>> 15;
  }
  return finish(h, end - start);
}

function finish(h: number, length: number): number {
  let x = Math.imul(h ^ length, 0x5bd1e995);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A copy of `rows` (indices into `ids`) in the seeded order of (seed, stream). */
export function seededOrder(rows: Uint32Array, ids: IdStore, seed: number, stream: string): Uint32Array {
  const s1 = hash32(`${seed}\u0000${stream}`, 0x243f6a88);
  const s2 = hash32(`${seed}\u0000${stream}`, 0x85a308d3);
  const n = rows.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const pos = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    hi[k] = ids.hash(rows[k], s1);
    lo[k] = ids.hash(rows[k], s2);
    pos[k] = k;
  }
  pos.sort((a, b) => {
    if (hi[a] !== hi[b]) return hi[a] - hi[b];
    if (lo[a] !== lo[b]) return lo[a] - lo[b];
    return ids.compare(rows[a], rows[b]);
  });
  return pos.map((k) => rows[k]);
}
