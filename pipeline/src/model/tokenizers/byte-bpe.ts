// The project's own byte-level tokenizers. Ids 0..255 are the UTF-8 bytes, 256..260 the specials
// (OWN_SPECIALS: <pad> <bos> <eos> <start_of_turn> <end_of_turn>), then one id per BPE merge, in
// merge order (merge r makes id 261 + r). `byte` is this with no merges; `bpe` is this with the
// merges that `trainBpe` learned. Encoding applies, inside each pre-tokenised piece, the
// lowest-ranked adjacent pair first (leftmost on ties) until none applies (bpe-merge.ts) — the
// same rule as the Hugging Face BPE model, so the exported `tokenizer.json` encodes identically.
//
//   const tok = createByteBpeTokenizer("bpe", [[104, 105]]);   // "hi" → [261]
import { TunixError } from "../../errors.ts";
import { sha256, stableStringify } from "../../io/json.ts";
import { applyMerges } from "./bpe-merge.ts";
import { compileSpecials, splitPieces, splitSpecials } from "./pretokenize.ts";
import { buildTokenizerConfigJson, buildTokenizerJson } from "./tokenizer-json.ts";
import { type DecodeOptions, OWN_SPECIALS, SPECIAL_TOKEN_TEXTS, type Tokenizer } from "./types.ts";

export const BYTE_COUNT = 256;
/** First id after the specials: the id of merge 0. */
export const FIRST_MERGE_ID = BYTE_COUNT + OWN_SPECIALS.length;

export type Merge = readonly [left: number, right: number];

/** Piece → ids cache bound (pieces are words, so this covers any real corpus's vocabulary). */
const CACHE_LIMIT = 200_000;

export interface ByteBpeTokenizer extends Tokenizer {
  kind: "byte" | "bpe";
  merges: readonly Merge[];
  /** UTF-8 bytes each non-special id stands for. */
  tokenBytes(id: number): Uint8Array;
}

export function createByteBpeTokenizer(kind: "byte" | "bpe", merges: readonly Merge[]): ByteBpeTokenizer {
  const vocabSize = FIRST_MERGE_ID + merges.length;
  const bytesOf: Uint8Array[] = [];
  for (let b = 0; b < BYTE_COUNT; b++) bytesOf.push(Uint8Array.of(b));
  for (const s of OWN_SPECIALS) bytesOf.push(new TextEncoder().encode(s));
  const rankOf = new Map<number, number>();
  merges.forEach(([a, b], r) => {
    const id = FIRST_MERGE_ID + r;
    if (!isPlainId(a, id) || !isPlainId(b, id)) {
      throw new TunixError("E_MISMATCH", {
        field: `merges.${r}`,
        expected: `two earlier non-special ids below ${id}`,
        found: `[${a}, ${b}]`,
        hint: "the merge list is corrupt; retrain or re-save the tokenizer",
      });
    }
    const key = a * 65536 + b;
    if (rankOf.has(key)) {
      throw new TunixError("E_MISMATCH", {
        field: `merges.${r}`,
        expected: "each pair merged once",
        found: `[${a}, ${b}] again (first at merges.${rankOf.get(key)})`,
        hint: "the merge list is corrupt; retrain or re-save the tokenizer",
      });
    }
    rankOf.set(key, r);
    const joined = new Uint8Array(bytesOf[a].length + bytesOf[b].length);
    joined.set(bytesOf[a]);
    joined.set(bytesOf[b], bytesOf[a].length);
    bytesOf.push(joined);
  });

  const specialTokens: Record<string, number> = {};
  OWN_SPECIALS.forEach((s, i) => {
    specialTokens[s] = BYTE_COUNT + i;
  });
  const specialsRe = compileSpecials(OWN_SPECIALS);
  const encoder = new TextEncoder();
  const cache = new Map<string, number[]>();

  const encodePiece = (piece: string): number[] => {
    const hit = cache.get(piece);
    if (hit) return hit;
    const ids = Array.from(encoder.encode(piece));
    if (rankOf.size > 0) applyMerges(ids, rankOf, FIRST_MERGE_ID);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(piece, ids);
    return ids;
  };

  let fingerprint: string | undefined;
  const tok: ByteBpeTokenizer = {
    kind,
    vocabSize,
    merges,
    specialTokens: Object.freeze(specialTokens),
    padId: specialTokens[SPECIAL_TOKEN_TEXTS.pad],
    bosId: specialTokens[SPECIAL_TOKEN_TEXTS.bos],
    eosId: specialTokens[SPECIAL_TOKEN_TEXTS.eos],
    startOfTurnId: specialTokens[SPECIAL_TOKEN_TEXTS.startOfTurn],
    endOfTurnId: specialTokens[SPECIAL_TOKEN_TEXTS.endOfTurn],
    encode(text: string): number[] {
      const out: number[] = [];
      for (const seg of splitSpecials(text, specialsRe)) {
        if ("special" in seg) out.push(specialTokens[seg.special]);
        else if (kind === "byte") for (const b of encoder.encode(seg.text)) out.push(b);
        else for (const piece of splitPieces(seg.text)) for (const id of encodePiece(piece)) out.push(id);
      }
      return out;
    },
    decode(ids: readonly number[], opts: DecodeOptions = {}): string {
      return decodeIds(ids, vocabSize, bytesOf, opts.skipSpecialTokens ?? false);
    },
    tokenBytes(id: number): Uint8Array {
      checkId(id, 0, vocabSize);
      return bytesOf[id];
    },
    fingerprint(): string {
      fingerprint ??= sha256(stableStringify(tok.toJSON())).slice(0, 16);
      return fingerprint;
    },
    toJSON: () => buildTokenizerJson(kind, (id) => bytesOf[id], vocabSize, merges),
    toConfigJSON: () => buildTokenizerConfigJson(kind),
  };
  return Object.freeze(tok);
}

/** Bytes between specials are decoded run by run (as Hugging Face's ByteLevel decoder does). */
function decodeIds(ids: readonly number[], vocabSize: number, bytesOf: Uint8Array[], skip: boolean): string {
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  let out = "";
  let run: number[] = [];
  const flush = () => {
    if (run.length) out += decoder.decode(Uint8Array.from(run));
    run = [];
  };
  for (const id of ids) {
    checkId(id, 0, vocabSize);
    if (id >= BYTE_COUNT && id < FIRST_MERGE_ID) {
      flush();
      if (!skip) out += OWN_SPECIALS[id - BYTE_COUNT];
    } else {
      for (const b of bytesOf[id]) run.push(b);
    }
  }
  flush();
  return out;
}

function isPlainId(id: number, below: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < below && (id < BYTE_COUNT || id >= FIRST_MERGE_ID);
}

export function checkId(id: number, lo: number, hi: number): void {
  if (!Number.isInteger(id) || id < lo || id >= hi) {
    throw new TunixError("E_MISMATCH", {
      field: "token id",
      expected: `an integer in [${lo}, ${hi})`,
      found: String(id),
      hint: "the ids come from a model whose vocabulary does not match this tokenizer",
    });
  }
}
