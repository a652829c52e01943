// Hugging Face `tokenizer.json` / `tokenizer_config.json` for the project's own byte-level
// tokenizers, and the way back. The file is a plain BPE model over GPT-2 byte names:
//   - `byte`: pre_tokenizer ByteLevel without its regex (no splitting), no merges;
//   - `bpe`:  pre_tokenizer Sequence[Split(PRETOKENIZE_PATTERN, Isolated), ByteLevel(no regex)],
//             merges as "left right" strings (byte names never contain a space);
//   - both:   the five specials as added tokens (and in the vocab, so ids have no holes), no
//             normalizer, no post-processor (nothing is added around the ids), ByteLevel decoder.
// `@huggingface/transformers` and the Rust `tokenizers` library both read this layout.
//
//   const json = buildTokenizerJson("bpe", bytesOf, vocabSize, merges);
//   const { kind, merges } = parseOwnTokenizerJson(json, "tok/tokenizer.json");
import { TunixError } from "../../errors.ts";
import { stableStringify } from "../../io/json.ts";
import { bytesToTokenString, PRETOKENIZE_PATTERN, tokenStringToBytes } from "./pretokenize.ts";
import { OWN_SPECIALS, SPECIAL_TOKEN_TEXTS } from "./types.ts";

type Merge = readonly [number, number];
const BYTE_LEVEL = { type: "ByteLevel", add_prefix_space: false, trim_offsets: false, use_regex: false };

export function buildTokenizerJson(
  kind: "byte" | "bpe",
  bytesOf: (id: number) => Uint8Array,
  vocabSize: number,
  merges: readonly Merge[],
): Record<string, unknown> {
  const firstMergeId = 256 + OWN_SPECIALS.length;
  const names: string[] = [];
  const vocab: Record<string, number> = {};
  for (let id = 0; id < vocabSize; id++) {
    const isSpecial = id >= 256 && id < firstMergeId;
    const name = isSpecial ? OWN_SPECIALS[id - 256] : bytesToTokenString(bytesOf(id));
    if (Object.hasOwn(vocab, name)) {
      throw new TunixError("E_MISMATCH", {
        field: `vocab.${id}`,
        expected: "a token text used once",
        found: `${JSON.stringify(name)} already id ${vocab[name]}`,
        hint: "the merges make one token twice; retrain the tokenizer",
      });
    }
    vocab[name] = id;
    names.push(name);
  }
  const preTokenizer =
    kind === "byte"
      ? BYTE_LEVEL
      : {
          type: "Sequence",
          pretokenizers: [
            { type: "Split", pattern: { Regex: PRETOKENIZE_PATTERN }, behavior: "Isolated", invert: false },
            BYTE_LEVEL,
          ],
        };
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: OWN_SPECIALS.map((content, i) => ({
      id: 256 + i,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: BYTE_LEVEL,
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map(([a, b]) => `${names[a]} ${names[b]}`),
    },
  };
}

export function buildTokenizerConfigJson(kind: "byte" | "bpe"): Record<string, unknown> {
  return {
    tokenizer_class: "PreTrainedTokenizerFast",
    bos_token: SPECIAL_TOKEN_TEXTS.bos,
    eos_token: SPECIAL_TOKEN_TEXTS.eos,
    pad_token: SPECIAL_TOKEN_TEXTS.pad,
    additional_special_tokens: [SPECIAL_TOKEN_TEXTS.startOfTurn, SPECIAL_TOKEN_TEXTS.endOfTurn],
    add_bos_token: false,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    tunix_rt_tokenizer: kind,
  };
}

/**
 * Read back a `tokenizer.json` written by buildTokenizerJson: its kind and merges as id pairs.
 * The caller rebuilds the tokenizer and checks that it writes the same JSON (sameTokenizerJson).
 */
export function parseOwnTokenizerJson(
  json: unknown,
  file: string,
): { kind: "byte" | "bpe"; merges: Merge[] } {
  const fail = (field: string, expected: string, found: string): never => {
    throw new TunixError("E_MISMATCH", {
      file,
      field,
      expected,
      found,
      hint: "this tokenizer.json was not written by tunix-rt; load it with `kind: hf`",
    });
  };
  const obj = json as {
    pre_tokenizer?: { type?: unknown };
    model?: { type?: unknown; vocab?: unknown; merges?: unknown };
  };
  const preType = obj?.pre_tokenizer?.type;
  if (preType !== "ByteLevel" && preType !== "Sequence") {
    fail("pre_tokenizer.type", '"ByteLevel" or "Sequence"', String(preType));
  }
  const kind = preType === "ByteLevel" ? "byte" : "bpe";
  const model = obj.model;
  if (model?.type !== "BPE") fail("model.type", '"BPE"', String(model?.type));
  const vocab = model?.vocab as Record<string, number> | undefined;
  const rawMerges = model?.merges;
  if (!vocab || typeof vocab !== "object") return fail("model.vocab", "an object", String(vocab));
  if (!Array.isArray(rawMerges)) return fail("model.merges", "an array", String(rawMerges));
  const merges: Merge[] = rawMerges.map((m: unknown, r: number): Merge => {
    const parts = Array.isArray(m) ? m : typeof m === "string" ? m.split(" ") : [];
    if (parts.length !== 2) fail(`model.merges.${r}`, '"left right"', JSON.stringify(m));
    const ids = parts.map((p: unknown) => (typeof p === "string" ? vocab[p] : undefined));
    if (ids.some((id) => id === undefined) || parts.some((p) => tokenStringToBytes(String(p)) === null)) {
      fail(`model.merges.${r}`, "two byte-level tokens of the vocab", JSON.stringify(m));
    }
    return [ids[0] as number, ids[1] as number];
  });
  return { kind, merges };
}

/** Do two tokenizer.json objects encode the same way? (Compared as stable JSON.) */
export function sameTokenizerJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}
