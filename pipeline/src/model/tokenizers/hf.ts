// Any Hugging Face `tokenizer.json` in a local folder, through `@huggingface/transformers`
// (imported lazily: it costs ~200 ms and is not needed for byte/bpe). Offline only: remote models
// are switched off before loading. The five roles of SPECIAL_TOKEN_TEXTS are looked up by token
// text (`<end_of_turn>` is Gemma's end of turn); bos/eos/pad fall back to the names in
// tokenizer_config.json, pad finally to eos. encode adds nothing around the ids; decode keeps the
// text as is (no "clean up" of spaces), so decode(encode(x)) === x for byte-level tokenizers.
//
//   const tok = await loadHfTokenizer("models/gemma-3-270m");
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../../errors.ts";
import { sha256, stableStringify } from "../../io/json.ts";
import { checkId } from "./byte-bpe.ts";
import { type DecodeOptions, SPECIAL_TOKEN_TEXTS, type Tokenizer } from "./types.ts";

/** The parts of transformers.js's PreTrainedTokenizer this module uses. */
interface HfTokenizer {
  encode(text: string, opts: { add_special_tokens: boolean }): number[];
  decode(
    ids: number[],
    opts: { skip_special_tokens: boolean; clean_up_tokenization_spaces: boolean },
  ): string;
  get_vocab(): Map<string, number>;
  _tokenizer: {
    token_to_id(token: string): number | undefined;
    added_tokens: { content: string; id: number; special: boolean }[];
  };
}

export async function loadHfTokenizer(dir: string): Promise<Tokenizer> {
  const jsonFile = path.join(dir, "tokenizer.json");
  if (!existsSync(jsonFile)) {
    throw new TunixError("E_NOT_FOUND", {
      file: jsonFile,
      message: "no tokenizer.json",
      hint: "point tokenizer.path at a folder with a Hugging Face tokenizer.json (downloaded beforehand)",
    });
  }
  const tokenizerJson = readJson(jsonFile);
  const configFile = path.join(dir, "tokenizer_config.json");
  const config = existsSync(configFile) ? readJson(configFile) : {};
  const { AutoTokenizer, env } = await import("@huggingface/transformers");
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  let hf: HfTokenizer;
  if (existsSync(configFile)) {
    const before = env.localModelPath;
    env.localModelPath = path.dirname(path.resolve(dir));
    try {
      hf = (await AutoTokenizer.from_pretrained(path.basename(path.resolve(dir)), {
        local_files_only: true,
      })) as unknown as HfTokenizer;
    } finally {
      env.localModelPath = before;
    }
  } else {
    const { PreTrainedTokenizer } = await import("@huggingface/transformers");
    hf = new PreTrainedTokenizer(tokenizerJson, config) as unknown as HfTokenizer;
  }
  return wrap(hf, tokenizerJson, config, jsonFile);
}

function wrap(
  hf: HfTokenizer,
  json: Record<string, unknown>,
  config: Record<string, unknown>,
  file: string,
): Tokenizer {
  let vocabSize = 0;
  for (const id of hf.get_vocab().values()) vocabSize = Math.max(vocabSize, id + 1);
  const specialTokens: Record<string, number> = {};
  for (const t of hf._tokenizer.added_tokens) if (t.special) specialTokens[t.content] = t.id;
  const idOf = (text: string) => hf._tokenizer.token_to_id(text);
  const configToken = (key: string): string | undefined => {
    const v = config[key];
    if (typeof v === "string") return v;
    if (v && typeof v === "object" && typeof (v as { content?: unknown }).content === "string") {
      return (v as { content: string }).content;
    }
    return undefined;
  };
  const role = (text: string, configKey?: string, fallback?: number): number => {
    const byText = idOf(text);
    const alt = configKey ? configToken(configKey) : undefined;
    const id = byText ?? (alt !== undefined ? idOf(alt) : undefined) ?? fallback;
    if (id === undefined) {
      throw new TunixError("E_MISMATCH", {
        file,
        field: "added_tokens",
        expected: `a token ${JSON.stringify(text)}${alt ? ` or ${JSON.stringify(alt)}` : ""}`,
        found: "none",
        hint: "the Gemma chat template needs these tokens; use a Gemma tokenizer or a tunix-rt byte/bpe one",
      });
    }
    specialTokens[byText !== undefined ? text : (alt ?? text)] = id;
    return id;
  };
  const bosId = role(SPECIAL_TOKEN_TEXTS.bos, "bos_token");
  const eosId = role(SPECIAL_TOKEN_TEXTS.eos, "eos_token");
  const padId = role(SPECIAL_TOKEN_TEXTS.pad, "pad_token", eosId);
  const startOfTurnId = role(SPECIAL_TOKEN_TEXTS.startOfTurn);
  const endOfTurnId = role(SPECIAL_TOKEN_TEXTS.endOfTurn);
  let fingerprint: string | undefined;
  return Object.freeze({
    kind: "hf" as const,
    vocabSize,
    specialTokens: Object.freeze(specialTokens),
    bosId,
    eosId,
    padId,
    startOfTurnId,
    endOfTurnId,
    encode: (text: string) => hf.encode(text, { add_special_tokens: false }),
    decode(ids: readonly number[], opts: DecodeOptions = {}): string {
      for (const id of ids) checkId(id, 0, vocabSize);
      if (ids.length === 0) return "";
      return hf.decode([...ids], {
        skip_special_tokens: opts.skipSpecialTokens ?? false,
        clean_up_tokenization_spaces: false,
      });
    },
    fingerprint(): string {
      fingerprint ??= sha256(stableStringify(json)).slice(0, 16);
      return fingerprint;
    },
    toJSON: () => json,
    toConfigJSON: () => config,
  });
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new TunixError("E_JSON", { file, expected: "a JSON object", found: (err as Error).message });
  }
}
