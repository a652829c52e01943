// Contamination checks, the pure part: questions are normalised (NFKC, lower case, every run of
// characters that are neither letters nor digits becomes one space), then compared two ways:
//   - exact: two items whose normalised questions are equal;
//   - n-gram: two items that share a run of NGRAM_WORDS (13) consecutive normalised words — the
//     test lm-evaluation-harness's decontamination applies (after GPT-3's appendix C): an eval item
//     counts as contaminated when any of its 13-grams occurs in the training data.
// A question shorter than 13 words has no 13-gram; only the exact test can flag it (counted as `short`).
// Keys are 64-bit (two independent 32-bit hashes), so a million n-grams give ~3e-8 expected false hits.
//
//   const index = new OverlapIndex();
//   evalTexts.forEach((q, k) => index.add(k, q));            // the side that is marked
//   const hit = index.probe(trainText, (item, kind) => …);  // every indexed item it overlaps
import { fmix32, hash32 } from "../random.ts";

export const NGRAM_WORDS = 13;

/** What two items share: the whole normalised question, or at least one 13-gram. */
export type OverlapKind = "exact" | "ngram";

/** Lower-cased NFKC text with every run of non-letters/non-digits replaced by one space, trimmed. */
export function normalizeQuestion(text: string): string {
  // NFKC changes nothing in ASCII text; skipping it there halves the time.
  const nfkc = ASCII.test(text) ? text : text.normalize("NFKC");
  return nfkc.toLowerCase().replace(NON_WORD, " ").trim();
}

/** The normalised words of a question. */
export function questionWords(text: string): string[] {
  const norm = normalizeQuestion(text);
  return norm === "" ? [] : norm.split(" ");
}

/**
 * An index of items (numbered 0..n-1 by the caller) by their normalised question and their
 * 13-grams. `probe` reports each indexed item a text overlaps once per kind: `exact` when the
 * normalised questions are equal, `ngram` when they share a 13-gram (an equal question of 13 words
 * or more is reported both ways).
 */
export class OverlapIndex {
  readonly ngramWords: number;
  private readonly questions = new KeyTable();
  private readonly ngrams = new KeyTable();
  private seen = new Int32Array(16).fill(-1);
  private probes = 0;

  constructor(ngramWords = NGRAM_WORDS) {
    this.ngramWords = ngramWords;
  }

  /** Index item `item` under `text`; returns the number of its words (< ngramWords: exact only). */
  add(item: number, text: string): number {
    const words = questionWords(text);
    const [hi, lo] = questionKey(words);
    this.questions.add(hi, lo, item);
    const keys = ngramKeys(words, this.ngramWords);
    for (let k = 0; k < keys.hi.length; k++) this.ngrams.add(keys.hi[k], keys.lo[k], item);
    return words.length;
  }

  /** Calls `onHit` once per indexed item and kind that `text` overlaps; returns whether there was any. */
  probe(text: string, onHit: (item: number, kind: OverlapKind) => void): boolean {
    const words = questionWords(text);
    let any = false;
    const [hi, lo] = questionKey(words);
    this.questions.forEachItem(hi, lo, (item) => {
      any = true;
      onHit(item, "exact");
    });
    const stamp = this.probes++;
    const keys = ngramKeys(words, this.ngramWords);
    const onItem = (item: number) => {
      if (item >= this.seen.length) this.growSeen(item);
      if (this.seen[item] === stamp) return;
      this.seen[item] = stamp;
      any = true;
      onHit(item, "ngram");
    };
    for (let k = 0; k < keys.hi.length; k++) this.ngrams.forEachItem(keys.hi[k], keys.lo[k], onItem);
    return any;
  }

  private growSeen(item: number): void {
    const next = new Int32Array(Math.max(item + 1, this.seen.length * 2)).fill(-1);
    next.set(this.seen);
    this.seen = next;
  }
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const SEEDS = [0x13a1, 0x7f4b, 0x2c95, 0x5e0d] as const;

/** The 64-bit key of a whole normalised question (its words joined by one space). */
function questionKey(words: readonly string[]): [number, number] {
  const text = words.join(" ");
  return [hash32(text, SEEDS[0]), hash32(text, SEEDS[1])];
}

/**
 * The 64-bit keys (hi[k], lo[k]) of every run of `n` consecutive words: two polynomial
 * rolling hashes (mod 2^32, odd multipliers) over two independent 32-bit hashes of each word, then
 * murmur's finaliser, so each window costs O(1) however long `n` is.
 */
function ngramKeys(words: readonly string[], n: number): { hi: Uint32Array; lo: Uint32Array } {
  const count = Math.max(0, words.length - n + 1);
  const out = { hi: new Uint32Array(count), lo: new Uint32Array(count) };
  if (count === 0) return out;
  const a = new Uint32Array(words.length);
  const b = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    a[i] = hash32(words[i], SEEDS[2]);
    b[i] = hash32(words[i], SEEDS[3]);
  }
  const [topA, topB] = [powMod32(MUL_A, n - 1), powMod32(MUL_B, n - 1)];
  let h = 0;
  let l = 0;
  for (let k = 0; k < words.length; k++) {
    if (k >= n) {
      h = (h - Math.imul(a[k - n], topA)) | 0;
      l = (l - Math.imul(b[k - n], topB)) | 0;
    }
    h = (Math.imul(h, MUL_A) + a[k]) | 0;
    l = (Math.imul(l, MUL_B) + b[k]) | 0;
    if (k >= n - 1) {
      out.hi[k - n + 1] = fmix32(h);
      out.lo[k - n + 1] = fmix32(l);
    }
  }
  return out;
}

const MUL_A = 0x01000193;
const MUL_B = 0x5bd1e995;

/** base^exp mod 2^32. */
function powMod32(base: number, exp: number): number {
  let out = 1;
  for (let i = 0; i < exp; i++) out = Math.imul(out, base);
  return out;
}

/**
 * Open addressing over 64-bit keys; each key holds a chain of items (an item added twice under one
 * key is kept once). Typed arrays, so a million keys take ~40 MB.
 */
class KeyTable {
  private slots = new Int32Array(1024).fill(-1);
  private keyHi = new Uint32Array(512);
  private keyLo = new Uint32Array(512);
  private head = new Int32Array(512);
  private keys = 0;
  private nodeItem = new Int32Array(512);
  private nodeNext = new Int32Array(512);
  private nodes = 0;

  add(hi: number, lo: number, item: number): void {
    let key = this.find(hi, lo);
    if (key === -1) key = this.insert(hi, lo);
    const first = this.head[key];
    if (first !== -1 && this.nodeItem[first] === item) return;
    if (this.nodes === this.nodeItem.length) {
      this.nodeItem = growInt(this.nodeItem);
      this.nodeNext = growInt(this.nodeNext);
    }
    this.nodeItem[this.nodes] = item;
    this.nodeNext[this.nodes] = first;
    this.head[key] = this.nodes++;
  }

  forEachItem(hi: number, lo: number, visit: (item: number) => void): void {
    const key = this.find(hi, lo);
    if (key === -1) return;
    for (let node = this.head[key]; node !== -1; node = this.nodeNext[node]) visit(this.nodeItem[node]);
  }

  private find(hi: number, lo: number): number {
    const mask = this.slots.length - 1;
    for (let s = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask; ; s = (s + 1) & mask) {
      const key = this.slots[s];
      if (key === -1) return -1;
      if (this.keyHi[key] === hi && this.keyLo[key] === lo) return key;
    }
  }

  private insert(hi: number, lo: number): number {
    if ((this.keys + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (this.keys === this.keyHi.length) {
      this.keyHi = growU32(this.keyHi);
      this.keyLo = growU32(this.keyLo);
      this.head = growInt(this.head);
    }
    const key = this.keys++;
    this.keyHi[key] = hi;
    this.keyLo[key] = lo;
    this.head[key] = -1;
    this.place(key);
    return key;
  }

  private place(key: number): void {
    const mask = this.slots.length - 1;
    let s = (this.keyHi[key] ^ Math.imul(this.keyLo[key], 0x9e3779b1)) & mask;
    while (this.slots[s] !== -1) s = (s + 1) & mask;
    this.slots[s] = key;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    for (let key = 0; key < this.keys; key++) this.place(key);
  }
}

function growU32(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(a.length * 2);
  next.set(a);
  return next;
}

function growInt(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
