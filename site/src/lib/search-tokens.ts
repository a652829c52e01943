// Words of a trace prompt for the trace search, the same at build time (index) and in the
// browser (queries): lower-case runs of letters and digits, at least 2 characters, minus a few
// stop words. The index is split into shards by a token's first two characters.
const STOP = new Set([
  "the",
  "and",
  "of",
  "to",
  "in",
  "is",
  "it",
  "an",
  "as",
  "at",
  "be",
  "by",
  "for",
  "on",
  "or",
  "if",
  "he",
  "she",
  "his",
  "her",
  "has",
  "had",
  "was",
  "are",
  "how",
  "many",
  "much",
  "what",
  "with",
  "that",
  "this",
  "does",
  "did",
  "do",
]);

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (w.length >= 2 && !STOP.has(w)) out.push(w);
  }
  return out;
}

/** Shard of a token: its first two characters when they are [a-z0-9], else "_". */
export function shardOf(token: string): string {
  const s = token.slice(0, 2);
  return /^[a-z0-9]{2}$/.test(s) ? s : "_";
}

/** Postings are sorted ordinals stored as deltas (first value, then differences). */
export function encodePostings(sorted: readonly number[]): number[] {
  return sorted.map((v, i) => (i === 0 ? v : v - sorted[i - 1]));
}

export function decodePostings(deltas: readonly number[]): number[] {
  const out: number[] = [];
  let acc = 0;
  for (const d of deltas) {
    acc += d;
    out.push(acc);
  }
  return out;
}

export interface SearchMeta {
  count: number;
  pageSize: number;
  sources: string[];
  categories: string[];
  /** `dataset/split` names. */
  datasets: string[];
  /** Distinct membership sets: indices into `datasets`. */
  memberships: number[][];
  /** Per trace ordinal: source index, category index (-1: none), difficulty (0: none), membership set index. */
  src: number[];
  cat: number[];
  diff: number[];
  member: number[];
}

/** A result card: trace id and the start of its prompt. */
export type Card = [id: string, snippet: string];
