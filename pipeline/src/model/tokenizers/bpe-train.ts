// Train a byte-level BPE tokenizer on texts. The corpus is cut into pieces (pretokenize.ts; special
// token texts are left out), identical pieces are counted once with a weight, and merges are
// learned greedily: the most frequent adjacent pair becomes a new token, ties going to the
// smallest (left id, right id). Pair counts are kept incrementally: a merge revisits only the
// pieces that hold the pair (an index pair → pieces) and a max-heap with lazy deletion finds the
// next best pair, so a merge costs the pieces it touches, not the corpus. Deterministic: same
// texts + same options → same merges.
//
//   const tok = trainBpe(texts, 1024);            // ≤ 1024 ids: 256 bytes + 5 specials + merges
//   saveTokenizer(tok, "runs/x/tokenizer");
import { TunixError } from "../../errors.ts";
import { type ByteBpeTokenizer, createByteBpeTokenizer, FIRST_MERGE_ID, type Merge } from "./byte-bpe.ts";
import { compileSpecials, splitPieces, splitSpecials } from "./pretokenize.ts";
import { OWN_SPECIALS } from "./types.ts";

export interface TrainBpeOptions {
  /** A pair must occur at least this often (weighted) to be merged. Default 2. */
  minFrequency?: number;
  /** Called after each merge with (merges done, merges wanted). */
  onProgress?: (done: number, total: number) => void;
}

/** `vocabSize` counts every id; fewer come out when the corpus runs out of frequent pairs. */
export function trainBpe(
  texts: readonly string[],
  vocabSize: number,
  opts: TrainBpeOptions = {},
): ByteBpeTokenizer {
  if (!Number.isInteger(vocabSize) || vocabSize < FIRST_MERGE_ID || vocabSize > 65536) {
    throw new TunixError("E_USAGE", {
      field: "tokenizer.vocabSize",
      expected: `an integer in [${FIRST_MERGE_ID}, 65536] (256 bytes + ${OWN_SPECIALS.length} specials + merges)`,
      found: String(vocabSize),
    });
  }
  const minFrequency = opts.minFrequency ?? 2;
  const { words, weights } = countPieces(texts);
  const wanted = vocabSize - FIRST_MERGE_ID;
  const counts = new Map<number, number>(); // pair key → weighted count
  const where = new Map<number, Set<number>>(); // pair key → pieces that (may) hold it
  const heap = new PairHeap();

  const addPairs = (w: number, sign: 1 | -1, touched: Set<number>) => {
    const sym = words[w];
    for (let i = 0; i + 1 < sym.length; i++) {
      const key = sym[i] * 65536 + sym[i + 1];
      const c = (counts.get(key) ?? 0) + sign * weights[w];
      if (c > 0) counts.set(key, c);
      else counts.delete(key);
      touched.add(key);
      if (sign > 0) {
        const set = where.get(key);
        if (set) set.add(w);
        else where.set(key, new Set([w]));
      }
    }
  };

  const initial = new Set<number>();
  for (let w = 0; w < words.length; w++) addPairs(w, 1, initial);
  for (const key of initial) heap.push(counts.get(key) ?? 0, key);

  const merges: Merge[] = [];
  while (merges.length < wanted) {
    const best = popBest(heap, counts);
    if (best === null || best.count < minFrequency) break;
    const a = Math.floor(best.key / 65536);
    const b = best.key % 65536;
    const id = FIRST_MERGE_ID + merges.length;
    merges.push([a, b]);
    const touched = new Set<number>();
    for (const w of where.get(best.key) ?? []) {
      if (!holdsPair(words[w], a, b)) continue;
      addPairs(w, -1, touched);
      words[w] = mergePair(words[w], a, b, id);
      addPairs(w, 1, touched);
    }
    where.delete(best.key);
    for (const key of touched) {
      const c = counts.get(key);
      if (c !== undefined) heap.push(c, key);
    }
    opts.onProgress?.(merges.length, wanted);
  }
  return createByteBpeTokenizer("bpe", merges);
}

/** Unique pieces as byte arrays, with how often each occurs. */
function countPieces(texts: readonly string[]): { words: number[][]; weights: number[] } {
  const specialsRe = compileSpecials(OWN_SPECIALS);
  const index = new Map<string, number>();
  const weights: number[] = [];
  for (const text of texts) {
    for (const seg of splitSpecials(text, specialsRe)) {
      if ("special" in seg) continue;
      for (const piece of splitPieces(seg.text)) {
        const w = index.get(piece);
        if (w === undefined) {
          index.set(piece, weights.length);
          weights.push(1);
        } else weights[w]++;
      }
    }
  }
  const encoder = new TextEncoder();
  const words = [...index.keys()].map((piece) => Array.from(encoder.encode(piece)));
  return { words, weights };
}

function holdsPair(sym: number[], a: number, b: number): boolean {
  for (let i = 0; i + 1 < sym.length; i++) if (sym[i] === a && sym[i + 1] === b) return true;
  return false;
}

/** Replace non-overlapping (a, b) left to right by id. */
function mergePair(sym: number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sym.length; i++) {
    if (i + 1 < sym.length && sym[i] === a && sym[i + 1] === b) {
      out.push(id);
      i++;
    } else out.push(sym[i]);
  }
  return out;
}

/** Pop until an entry whose count is still current. */
function popBest(heap: PairHeap, counts: Map<number, number>): { count: number; key: number } | null {
  for (;;) {
    const top = heap.pop();
    if (top === null) return null;
    if (counts.get(top.key) === top.count) return top;
  }
}

/** Max-heap on (count desc, key asc); stale entries are skipped by popBest. */
class PairHeap {
  private countAt: number[] = [];
  private keyAt: number[] = [];

  push(count: number, key: number): void {
    let i = this.countAt.length;
    this.countAt.push(count);
    this.keyAt.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): { count: number; key: number } | null {
    const n = this.countAt.length;
    if (n === 0) return null;
    const top = { count: this.countAt[0], key: this.keyAt[0] };
    this.swap(0, n - 1);
    this.countAt.pop();
    this.keyAt.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n - 1 && this.before(l, m)) m = l;
      if (r < n - 1 && this.before(r, m)) m = r;
      if (m === i) return top;
      this.swap(i, m);
      i = m;
    }
  }

  private before(i: number, j: number): boolean {
    const ci = this.countAt[i];
    const cj = this.countAt[j];
    return ci > cj || (ci === cj && this.keyAt[i] < this.keyAt[j]);
  }

  private swap(i: number, j: number): void {
    [this.countAt[i], this.countAt[j]] = [this.countAt[j], this.countAt[i]];
    [this.keyAt[i], this.keyAt[j]] = [this.keyAt[j], this.keyAt[i]];
  }
}
