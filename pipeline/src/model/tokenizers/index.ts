// Tokenizers: one frozen registry (kind → loader), loading from a run config's `model.tokenizer`,
// saving as a Hugging Face folder (tokenizer.json + tokenizer_config.json), fingerprints.
//   byte  bytes 0..255 + 5 specials, nothing to load (the default for models trained from scratch)
//   bpe   the project's trained byte-level BPE: read from `path`, or trained from `opts.trainTexts`
//   hf    any tokenizer.json folder, through @huggingface/transformers (offline)
//
//   const tok = await loadTokenizer({ kind: "bpe", path: "runs/x/tokenizer" }, { root });
//   saveTokenizer(trainBpe(texts, 2048), dir);  tokenizerFingerprint(tok) → "3f2a…" (16 hex)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../../errors.ts";
import { writeJsonAtomic } from "../../io/atomic.ts";
import { trainBpe } from "./bpe-train.ts";
import { type ByteBpeTokenizer, createByteBpeTokenizer } from "./byte-bpe.ts";
import { parseOwnTokenizerJson, sameTokenizerJson } from "./tokenizer-json.ts";
import type { Tokenizer, TokenizerKind, TokenizerSpec } from "./types.ts";

export type { TrainBpeOptions } from "./bpe-train.ts";
export { trainBpe } from "./bpe-train.ts";
export type { ByteBpeTokenizer } from "./byte-bpe.ts";
export { createByteBpeTokenizer } from "./byte-bpe.ts";
export type { DecodeOptions, Tokenizer, TokenizerKind, TokenizerSpec } from "./types.ts";
export { SPECIAL_TOKEN_TEXTS } from "./types.ts";

export interface LoadTokenizerOptions {
  /** Base for a relative `spec.path` (the repository root). Default: the working directory. */
  root?: string;
  /** For `bpe` without a saved tokenizer.json: the texts to train on (spec.vocabSize ids). */
  trainTexts?: () => readonly string[] | Promise<readonly string[]>;
}

interface TokenizerEntry {
  summary: string;
  load(spec: TokenizerSpec, dir: string | undefined, opts: LoadTokenizerOptions): Promise<Tokenizer>;
}

export const TOKENIZERS: Readonly<Record<TokenizerKind, TokenizerEntry>> = Object.freeze({
  byte: {
    summary: "UTF-8 bytes + 5 specials (261 ids)",
    load: async () => createByteTokenizer(),
  },
  bpe: {
    summary: "byte-level BPE trained by tunix-rt",
    async load(spec, dir, opts) {
      const file = dir ? path.join(dir, "tokenizer.json") : undefined;
      if (file && existsSync(file)) return readOwnTokenizer(file);
      if (opts.trainTexts) return trainBpe(await opts.trainTexts(), spec.vocabSize ?? 1024);
      throw new TunixError("E_NOT_FOUND", {
        file,
        field: "model.tokenizer.path",
        message: "no trained BPE tokenizer",
        hint: "train one first (trainBpe + saveTokenizer) or set model.tokenizer.kind: byte",
      });
    },
  },
  hf: {
    summary: "Hugging Face tokenizer.json folder (offline)",
    async load(_spec, dir) {
      if (!dir) {
        throw new TunixError("E_USAGE", {
          field: "model.tokenizer.path",
          expected: "a folder holding tokenizer.json",
          found: "nothing",
          hint: "set model.tokenizer.path for kind: hf",
        });
      }
      const { loadHfTokenizer } = await import("./hf.ts");
      return loadHfTokenizer(dir);
    },
  },
});

export async function loadTokenizer(
  spec: TokenizerSpec,
  opts: LoadTokenizerOptions = {},
): Promise<Tokenizer> {
  const entry = Object.hasOwn(TOKENIZERS, spec.kind) ? TOKENIZERS[spec.kind] : undefined;
  if (!entry) {
    throw new TunixError("E_USAGE", {
      field: "model.tokenizer.kind",
      expected: Object.keys(TOKENIZERS).join(" | "),
      found: String(spec.kind),
    });
  }
  const dir = spec.path ? path.resolve(opts.root ?? process.cwd(), spec.path) : undefined;
  return entry.load(spec, dir, opts);
}

let byteTokenizer: ByteBpeTokenizer | undefined;
export function createByteTokenizer(): ByteBpeTokenizer {
  byteTokenizer ??= createByteBpeTokenizer("byte", []);
  return byteTokenizer;
}

/** Write `tokenizer.json` and `tokenizer_config.json` into dir (atomically, stable JSON). */
export function saveTokenizer(tok: Tokenizer, dir: string): void {
  writeJsonAtomic(path.join(dir, "tokenizer.json"), tok.toJSON());
  writeJsonAtomic(path.join(dir, "tokenizer_config.json"), tok.toConfigJSON());
}

/** sha256 (16 hex) of the tokenizer's canonical tokenizer.json. */
export function tokenizerFingerprint(tok: Tokenizer): string {
  return tok.fingerprint();
}

/** A tokenizer.json written by saveTokenizer for a byte/bpe tokenizer, checked by re-serialising. */
export function readOwnTokenizer(file: string): ByteBpeTokenizer {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new TunixError("E_JSON", { file, expected: "a JSON object", found: (err as Error).message });
  }
  const { kind, merges } = parseOwnTokenizerJson(json, file);
  const tok =
    kind === "byte" && merges.length === 0 ? createByteTokenizer() : createByteBpeTokenizer(kind, merges);
  if (!sameTokenizerJson(tok.toJSON(), json)) {
    throw new TunixError("E_MISMATCH", {
      file,
      message: "tokenizer.json differs from what its merges rebuild (edited by hand or another tool)",
      hint: "load it with `kind: hf`, or retrain and save it again",
    });
  }
  return tok;
}
