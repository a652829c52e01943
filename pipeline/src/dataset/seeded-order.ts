// The seeded shuffle of dataset sampling and splitting: rows are ordered by a 64-bit key hashed
// from (manifest seed, stream label, trace id), ties broken by id. That is a permutation fixed by the
// seed, independent of file and line order, and stable when traces are added: existing traces keep
// their relative order, so adding traces moves few old ones across a split boundary (a shuffle by a
// random-number sequence would re-deal every trace). The hash is random.ts `hash32`; IdStore hashes
// its packed ids with the same function.
//
//   const order = seededOrder(rows, table.ids, manifest.seed, "split:category=algebra");
//   // rows sorted by key; cut it by the split counts

import { hash32 } from "../random.ts";
import type { IdStore } from "./id-store.ts";

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
