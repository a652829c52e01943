// Pre-tokenisation shared by the BPE trainer, the BPE encoder and the exported `tokenizer.json`:
//   1. special token texts are cut out first (longest match at the earliest position, as the
//      Hugging Face added-token splitter does);
//   2. the rest is split by PRETOKENIZE_PATTERN, a GPT-2-style regex in which every digit is its
//      own piece (so numbers are spelled digit by digit, which helps arithmetic) and whitespace
//      classes are written as `\p{White_Space}` so JS and Oniguruma read the pattern the same way;
//   3. each piece becomes its UTF-8 bytes; BPE merges never cross a piece.
// The GPT-2 byte → unicode map names the bytes as printable characters in `tokenizer.json`.
//
//   splitSpecials("<bos>hi", ["<bos>"]) → [{ special: "<bos>" }, { text: "hi" }]
//   splitPieces("ab 12") → ["ab", " ", "1", "2"]

/** Letters (with one leading space) | other symbols (with one leading space) | one digit |
 * whitespace not followed by non-space | any whitespace run. Every character is covered. */
export const PRETOKENIZE_PATTERN =
  " ?\\p{L}+| ?[^\\p{L}\\p{N}\\p{White_Space}]+|\\p{N}|\\p{White_Space}+(?!\\P{White_Space})|\\p{White_Space}+";

const PIECE_RE = new RegExp(PRETOKENIZE_PATTERN, "gu");

export type Segment = { special: string } | { text: string };

/** Split text at special token texts; text segments are never empty. */
export function splitSpecials(text: string, specialsRe: RegExp | null): Segment[] {
  if (!specialsRe) return text ? [{ text }] : [];
  const out: Segment[] = [];
  let prev = 0;
  for (const m of text.matchAll(specialsRe)) {
    if (m.index > prev) out.push({ text: text.slice(prev, m.index) });
    out.push({ special: m[0] });
    prev = m.index + m[0].length;
  }
  if (prev < text.length) out.push({ text: text.slice(prev) });
  return out;
}

/** A global regex matching any of the texts, longest first (null for none). */
export function compileSpecials(texts: readonly string[]): RegExp | null {
  if (texts.length === 0) return null;
  const sorted = [...texts].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return new RegExp(sorted.map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "gu");
}

/** Pieces of a text without specials, in order; their concatenation is the text. */
export function splitPieces(text: string): string[] {
  return text.match(PIECE_RE) ?? [];
}

/** GPT-2's byte → printable character map (bytes that print stay themselves, others move to 256+). */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const keep: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) keep.push(b);
  for (let b = 0xa1; b <= 0xac; b++) keep.push(b);
  for (let b = 0xae; b <= 0xff; b++) keep.push(b);
  const out: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    out[b] = String.fromCharCode(keep.includes(b) ? b : next++);
  }
  return Object.freeze(out);
})();

export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** Bytes → their `tokenizer.json` token string. */
export function bytesToTokenString(bytes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_CHAR[bytes[i]];
  return s;
}

/** A `tokenizer.json` token string → bytes, or null if a character is not a byte name. */
export function tokenStringToBytes(token: string): number[] | null {
  const out: number[] = [];
  for (const ch of token) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b === undefined) return null;
    out.push(b);
  }
  return out;
}
