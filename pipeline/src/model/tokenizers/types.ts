// The tokenizer contract every kind (`byte`, `bpe`, `hf`) implements, and the special tokens the
// project relies on. Ids are plain numbers; `encode` never adds BOS/EOS by itself: callers put
// `bosId` in front where a model expects it, so the text → ids map stays one-to-one and testable.
//
//   const tok = await loadTokenizer({ kind: "byte" });
//   const ids = [tok.bosId, ...tok.encode(prompt)];
//   tok.decode(ids, { skipSpecialTokens: true });

/** Special token texts the chat template and the trainer need, by role. */
export const SPECIAL_TOKEN_TEXTS = Object.freeze({
  pad: "<pad>",
  bos: "<bos>",
  eos: "<eos>",
  startOfTurn: "<start_of_turn>",
  endOfTurn: "<end_of_turn>",
});

/** Ids 256.. of the project's own tokenizers, in this order (pad first, like Gemma's 0). */
export const OWN_SPECIALS: readonly string[] = Object.freeze([
  SPECIAL_TOKEN_TEXTS.pad,
  SPECIAL_TOKEN_TEXTS.bos,
  SPECIAL_TOKEN_TEXTS.eos,
  SPECIAL_TOKEN_TEXTS.startOfTurn,
  SPECIAL_TOKEN_TEXTS.endOfTurn,
]);

export type TokenizerKind = "byte" | "bpe" | "hf";

export interface DecodeOptions {
  /** Leave special tokens (`<bos>`, `<end_of_turn>`, …) out of the text. Default false. */
  skipSpecialTokens?: boolean;
}

export interface Tokenizer {
  kind: TokenizerKind;
  /** Number of ids (largest id + 1), special tokens included. */
  vocabSize: number;
  /** Text → ids. Special token texts in `text` become their single ids; nothing is added around. */
  encode(text: string): number[];
  /**
   * Ids → text. Byte sequences that are not valid UTF-8 become U+FFFD (never throws on them);
   * an id outside `[0, vocabSize)` is an E_MISMATCH error (a model/tokenizer mismatch, not data).
   */
  decode(ids: readonly number[], opts?: DecodeOptions): string;
  /** Special token text → id; holds at least the five texts of SPECIAL_TOKEN_TEXTS. */
  specialTokens: Readonly<Record<string, number>>;
  padId: number;
  bosId: number;
  eosId: number;
  startOfTurnId: number;
  endOfTurnId: number;
  /** sha256 (16 hex) of the stable JSON of `toJSON()`: changes when any encoding could change. */
  fingerprint(): string;
  /** The Hugging Face `tokenizer.json` object for this tokenizer. */
  toJSON(): Record<string, unknown>;
  /** The matching `tokenizer_config.json` object (special token names, no cleanup of spaces). */
  toConfigJSON(): Record<string, unknown>;
}

/** What a run config says about its tokenizer (schemas/config.ts TokenizerConfig). */
export interface TokenizerSpec {
  kind: TokenizerKind;
  /** Folder holding `tokenizer.json` (for `bpe` and `hf`), relative to `root` when not absolute. */
  path?: string;
  /** Vocabulary size when a `bpe` tokenizer is trained. */
  vocabSize?: number;
}
