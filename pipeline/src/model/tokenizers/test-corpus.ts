// A deterministic, varied text generator for tokenizer tests: words, digits and numbers, unicode
// (accents, combining marks, CJK, RTL, emoji, a lone surrogate), whitespace runs of every kind,
// punctuation runs, apostrophes, the special tokens and near-misses of them. Used by the tests
// only (training corpora and parity checks), so no real data is copied into the repo.
//
//   const texts = generateTexts(1000, 7);
import { mulberry32 } from "../../random.ts";

const WORDS = [
  "the",
  "answer",
  "is",
  "Step",
  "total",
  "apples",
  "Natalia",
  "sold",
  "clips",
  "to",
  "of",
  "her",
  "friends",
  "in",
  "April",
  "and",
  "then",
  "half",
  "as",
  "many",
  "May",
  "how",
  "much",
  "did",
  "earn",
  "café",
  "naïve",
  "résumé",
  "Ünïcödé",
  "straße",
  "日本語",
  "中文字",
  "한국어",
  "русский",
  "ελληνικά",
  "العربية",
  "עברית",
  "हिन्दी",
  "e\u0301",
  "n\u0303o",
  "😀",
  "👩‍💻",
  "🇫🇷",
  "½",
  "²",
  "Ⅻ",
  "٣٤",
  "x²",
  "don't",
  "it's",
  "we'll",
  "I'm",
  "they've",
  "O'Neil",
  "rock'n'roll",
];
const PUNCT = [
  ".",
  ",",
  "!",
  "?",
  ";",
  ":",
  "...",
  "--",
  "=",
  "+",
  "-",
  "*",
  "/",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "$",
  "%",
  "#",
  "@",
  "&",
  "<<",
  ">>",
  "<",
  ">",
  '"',
  "'",
  "`",
  "~",
  "^",
  "|",
  "\\",
  "_",
];
const SPACES = [
  " ",
  " ",
  " ",
  "  ",
  "   ",
  "\t",
  "\n",
  "\n\n",
  "\r\n",
  " \n ",
  "\u00a0",
  "\u2003",
  "\u3000",
  "\u0085",
  "\ufeff",
  "\u200b",
  "\u2028",
  "\t \t",
  "        ",
];
const SPECIALS = ["<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "<pad>"];
const NEAR = [
  "<start_of",
  "end_of_turn>",
  "<<bos>>",
  "<bos",
  "<eos >",
  "<Pad>",
  "<start_of_turn<end_of_turn>>",
];

export function generateTexts(count: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(rand() * 25);
    for (let j = 0; j < n; j++) {
      const r = rand();
      if (r < 0.45) parts.push(pick(WORDS));
      else if (r < 0.6) parts.push(String(Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 7)))));
      else if (r < 0.72) parts.push(pick(PUNCT));
      else if (r < 0.9) parts.push(pick(SPACES));
      else if (r < 0.95) parts.push(pick(SPECIALS));
      else if (r < 0.985) parts.push(pick(NEAR));
      else parts.push(pick(["\ud800", "\udfff", "\u0000", "\u007f", "\u00ad", "\uffff"]));
      if (rand() < 0.5) parts.push(" ");
    }
    texts.push(parts.join(""));
  }
  return texts;
}
