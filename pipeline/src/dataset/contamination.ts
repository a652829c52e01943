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
  return questionWords(text).join(" ");
}

/** The normalised words of a question (ASCII text by a plain scan; anything else by \p{L}\p{N}). */
export function questionWords(text: string): string[] {
  if (!ASCII.test(text)) {
    const norm = text.normalize("NFKC").toLowerCase().replace(NON_WORD, " ").trim();
    return norm === "" ? [] : norm.split(" ");
  }
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word && start === -1) start = i;
    else if (!word && start !== -1) {
      words.push(lower.slice(start, i));
      start = -1;
    }
  }
  return words;
}

/**
 * An index of items (numbered by the caller, e.g. table rows) by their normalised question and
 * their 13-grams. `probe` reports each indexed item a text overlaps once per kind: `exact` when the
 * normalised questions are equal, `ngram` when they share a 13-gram (an equal question of 13 words
 * or more is reported both ways). Keys are computed into reused buffers: no allocation per n-gram.
 */
export class OverlapIndex {
  readonly ngramWords: number;
  private readonly questions = new KeyTable();
  private readonly ngrams = new KeyTable();
  private seen = new Int32Array(16).fill(-1);
  private probes = 0;
  private readonly keys = new QuestionKeys();

  constructor(ngramWords = NGRAM_WORDS) {
    this.ngramWords = ngramWords;
  }

  /** Index item `item` under `text`; returns the number of its words (< ngramWords: exact only). */
  add(item: number, text: string): number {
    const k = this.keys;
    const words = k.compute(text, this.ngramWords);
    this.questions.add(k.questionHi, k.questionLo, item);
    for (let i = 0; i < k.ngrams; i++) this.ngrams.add(k.hi[i], k.lo[i], item);
    return words;
  }

  /** Calls `onHit` once per indexed item and kind that `text` overlaps; returns whether there was any. */
  probe(text: string, onHit: (item: number, kind: OverlapKind) => void): boolean {
    const k = this.keys;
    k.compute(text, this.ngramWords);
    let any = false;
    this.questions.forEachItem(k.questionHi, k.questionLo, (item) => {
      any = true;
      onHit(item, "exact");
    });
    const stamp = this.probes++;
    const onItem = (item: number) => {
      if (item >= this.seen.length) this.growSeen(item);
      if (this.seen[item] === stamp) return;
      this.seen[item] = stamp;
      any = true;
      onHit(item, "ngram");
    };
    for (let i = 0; i < k.ngrams; i++) this.ngrams.forEachItem(k.hi[i], k.lo[i], onItem);
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
const MUL_A = 0x01000193;
const MUL_B = 0x5bd1e995;

/**
 * The keys of one question, in reused buffers. Each word gets two independent 32-bit hashes; the
 * question's 64-bit key mixes all of them in order (with the word count); each run of `n` words
 * gets a 64-bit key from two polynomial rolling hashes (mod 2^32, odd multipliers) over the word
 * hashes, then murmur's finaliser — O(1) per window however long `n` is.
 */
class QuestionKeys {
  questionHi = 0;
  questionLo = 0;
  /** Number of n-gram keys in hi/lo. */
  ngrams = 0;
  hi = new Uint32Array(64);
  lo = new Uint32Array(64);
  private a = new Uint32Array(64);
  private b = new Uint32Array(64);

  /** Fills the keys of `text`; returns its number of words. */
  compute(text: string, n: number): number {
    const words = questionWords(text);
    const count = words.length;
    if (count > this.a.length) {
      const size = Math.max(count, this.a.length * 2);
      this.a = new Uint32Array(size);
      this.b = new Uint32Array(size);
      this.hi = new Uint32Array(size);
      this.lo = new Uint32Array(size);
    }
    let qh = SEEDS[0] ^ count;
    let ql = SEEDS[1] ^ count;
    for (let i = 0; i < count; i++) {
      const x = hash32(words[i], SEEDS[2]);
      const y = hash32(words[i], SEEDS[3]);
      this.a[i] = x;
      this.b[i] = y;
      qh = fmix32(Math.imul(qh ^ x, MUL_B) + i);
      ql = fmix32(Math.imul(ql ^ y, MUL_A) + i);
    }
    this.questionHi = qh;
    this.questionLo = ql;
    this.ngrams = Math.max(0, count - n + 1);
    const topA = powMod32(MUL_A, n - 1);
    const topB = powMod32(MUL_B, n - 1);
    let h = 0;
    let l = 0;
    for (let k = 0; k < count && this.ngrams > 0; k++) {
      if (k >= n) {
        h = (h - Math.imul(this.a[k - n], topA)) | 0;
        l = (l - Math.imul(this.b[k - n], topB)) | 0;
      }
      h = (Math.imul(h, MUL_A) + this.a[k]) | 0;
      l = (Math.imul(l, MUL_B) + this.b[k]) | 0;
      if (k >= n - 1) {
        this.hi[k - n + 1] = fmix32(h);
        this.lo[k - n + 1] = fmix32(l);
      }
    }
    return count;
  }
}

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
  /** One bit per value of the key's low 24 bits: most lookups miss, and miss here cheaply. */
  private readonly present = new Uint32Array(1 << 19);
  private slots = new Int32Array(1024).fill(-1);
  private keyHi = new Uint32Array(512);
  private keyLo = new Uint32Array(512);
  private head = new Int32Array(512);
  private keys = 0;
  private nodeItem = new Int32Array(512);
  private nodeNext = new Int32Array(512);
  private nodes = 0;

  add(hi: number, lo: number, item: number): void {
    this.present[(lo >>> 5) & 0x7ffff] |= 1 << (lo & 31);
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
    if ((this.present[(lo >>> 5) & 0x7ffff] & (1 << (lo & 31))) === 0) return;
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
