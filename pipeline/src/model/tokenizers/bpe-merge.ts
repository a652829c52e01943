// Applying BPE merges to one pre-tokenised piece: repeatedly merge the adjacent pair with the lowest
// rank, the leftmost one on ties, until no adjacent pair has a rank (Hugging Face's rule). Merge r
// makes id `firstMergeId + r`. Short pieces (nearly all) use a plain scan; long ones (a run of
// 10,000 spaces, a minified line) use a linked list + heap so the cost stays O(n log n).
//
//   const ids = [...bytes]; applyMerges(ids, rankOf, 261);   // in place

/** Pieces up to this many symbols use the quadratic scan, which is faster when short. */
const SCAN_LIMIT = 64;
const POS_SPAN = 2 ** 26;

/** In place. `rankOf` maps `left * 65536 + right` to the merge's rank. */
export function applyMerges(ids: number[], rankOf: ReadonlyMap<number, number>, firstMergeId: number): void {
  if (ids.length <= SCAN_LIMIT || ids.length >= POS_SPAN) scanMerges(ids, rankOf, firstMergeId);
  else heapMerges(ids, rankOf, firstMergeId);
}

export function scanMerges(ids: number[], rankOf: ReadonlyMap<number, number>, firstMergeId: number): void {
  while (ids.length > 1) {
    let best = Number.POSITIVE_INFINITY;
    let at = -1;
    for (let i = 0; i < ids.length - 1; i++) {
      const r = rankOf.get(ids[i] * 65536 + ids[i + 1]);
      if (r !== undefined && r < best) {
        best = r;
        at = i;
      }
    }
    if (at < 0) return;
    ids.splice(at, 2, firstMergeId + best);
  }
}

/** Each node keeps its original position; heap keys are rank · 2^26 + position (rank, then leftmost). */
export function heapMerges(ids: number[], rankOf: ReadonlyMap<number, number>, firstMergeId: number): void {
  const n = ids.length;
  const sym = Int32Array.from(ids);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const alive = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  const heap: number[] = [];
  const pushPair = (pos: number) => {
    const nxt = next[pos];
    if (pos < 0 || nxt < 0) return;
    const r = rankOf.get(sym[pos] * 65536 + sym[nxt]);
    if (r !== undefined) heapPush(heap, r * POS_SPAN + pos);
  };
  for (let i = 0; i + 1 < n; i++) pushPair(i);
  while (heap.length > 0) {
    const key = heapPop(heap);
    const rank = Math.floor(key / POS_SPAN);
    const pos = key - rank * POS_SPAN;
    const nxt = next[pos];
    // stale when the left node was merged away or the pair at pos changed (ids only grow)
    if (!alive[pos] || nxt < 0 || rankOf.get(sym[pos] * 65536 + sym[nxt]) !== rank) continue;
    sym[pos] = firstMergeId + rank;
    alive[nxt] = 0;
    next[pos] = next[nxt];
    if (next[nxt] >= 0) prev[next[nxt]] = pos;
    pushPair(prev[pos]);
    pushPair(pos);
  }
  ids.length = 0;
  for (let i = 0; i >= 0; i = next[i]) ids.push(sym[i]);
}

function heapPush(heap: number[], key: number): void {
  let i = heap.length;
  heap.push(key);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p] <= key) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = key;
}

function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop() as number;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const c = l + 1 < n && heap[l + 1] < heap[l] ? l + 1 : l;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}
