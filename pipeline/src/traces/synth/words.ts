// The words the generators put around numbers: people, things, currencies, filler sentences, and the
// prompt `style` that turns a plain problem into an edge case (unicode names and currencies, a long
// prompt, heavy punctuation). Filler sentences hold no digits, so they never change the answer.
//
//   const who = pickPerson(rng, style); const cur = pickCurrency(rng, style);
//   finishPrompt(rng, style, "Ana has 3 pens. How many …?")

import type { Rng } from "../../random.ts";

export const STYLES = ["plain", "unicode", "long", "punct"] as const;
export type Style = (typeof STYLES)[number];

export interface Person {
  name: string;
  /** Subject pronoun, lower case: "he" or "she". */
  he: string;
}

const PLAIN_NAMES: readonly [string, string][] = [
  ["Ana", "she"],
  ["Ben", "he"],
  ["Cara", "she"],
  ["Dev", "he"],
  ["Eli", "he"],
  ["Fay", "she"],
  ["Gus", "he"],
  ["Ivy", "she"],
  ["Jon", "he"],
  ["Kim", "she"],
  ["Leo", "he"],
  ["Mia", "she"],
  ["Ned", "he"],
  ["Ola", "she"],
  ["Pam", "she"],
  ["Raj", "he"],
  ["Sam", "he"],
  ["Tia", "she"],
  ["Uma", "she"],
  ["Vic", "he"],
];

const UNICODE_NAMES: readonly [string, string][] = [
  ["Zoë", "she"],
  ["José", "he"],
  ["Łukasz", "he"],
  ["Søren", "he"],
  ["Ngọc", "she"],
  ["Chloé", "she"],
  ["Jürgen", "he"],
  ["Ayşe", "she"],
  ["Māui", "he"],
  ["Dvořák", "he"],
  ["Émile", "he"],
  ["Björk", "she"],
  ["Иван", "he"],
  ["Мария", "she"],
  ["李明", "he"],
  ["さくら", "she"],
  ["Αλέξης", "he"],
  ["Nuñez", "he"],
];

const PUNCT_NAMES: readonly [string, string][] = [
  ["O'Neil", "he"],
  ["Anne-Marie", "she"],
  ["D'Arcy", "she"],
  ["Jean-Luc", "he"],
  ["Mary Jo", "she"],
  ["Mary-Kate", "she"],
];

export function pickPerson(rng: Rng, style: Style): Person {
  const pool = style === "unicode" ? UNICODE_NAMES : style === "punct" ? PUNCT_NAMES : PLAIN_NAMES;
  const [name, he] = rng.pick(pool);
  return { name, he };
}

/** `count` different people. */
export function pickPeople(rng: Rng, style: Style, count: number): Person[] {
  const pool =
    style === "unicode" ? UNICODE_NAMES : style === "punct" ? [...PUNCT_NAMES, ...PLAIN_NAMES] : PLAIN_NAMES;
  return rng
    .shuffle(pool)
    .slice(0, count)
    .map(([name, he]) => ({ name, he }));
}

/** Countable things: [plural, singular]. */
export const THINGS: readonly [string, string][] = [
  ["apples", "apple"],
  ["pens", "pen"],
  ["books", "book"],
  ["cards", "card"],
  ["shells", "shell"],
  ["stamps", "stamp"],
  ["marbles", "marble"],
  ["cookies", "cookie"],
  ["stickers", "sticker"],
  ["coins", "coin"],
  ["eggs", "egg"],
  ["plums", "plum"],
];

/** Things with a price: [plural, singular]. */
export const GOODS: readonly [string, string][] = [
  ["pens", "pen"],
  ["books", "book"],
  ["cups", "cup"],
  ["hats", "hat"],
  ["toys", "toy"],
  ["bags", "bag"],
  ["mugs", "mug"],
  ["scarves", "scarf"],
  ["lamps", "lamp"],
  ["plants", "plant"],
];

const PLAIN_CURRENCIES = ["$"];
const UNICODE_CURRENCIES = ["€", "£", "¥", "₹", "₩", "₺", "₽"];

export function pickCurrency(rng: Rng, style: Style): string {
  return rng.pick(style === "unicode" ? UNICODE_CURRENCIES : PLAIN_CURRENCIES);
}

const FILLERS = [
  "It was a bright and windy morning.",
  "Everyone in the family was in a good mood.",
  "The shop on the corner had just opened its doors.",
  "Nobody had planned anything special for the day.",
  "A light rain was falling over the town.",
  "The market was busier than usual.",
  "There was music playing somewhere down the street.",
  "The neighbours waved from across the road.",
  "It had been a long week at school and at work.",
  "The old clock in the hall was ticking loudly.",
];

/** Wrap the core problem text in the style's extra material. */
export function finishPrompt(rng: Rng, style: Style, text: string): string {
  const [ask, setup] = splitQuestion(text);
  if (style === "long") {
    const before = rng.shuffle(FILLERS).slice(0, rng.int(3, 5));
    const after = rng.shuffle(FILLERS.filter((f) => !before.includes(f))).slice(0, rng.int(1, 2));
    return [before.join(" "), [setup, ...after].filter(Boolean).join(" "), ask].join("\n\n");
  }
  if (style === "punct") {
    const lead = rng.pick([
      "Quick one…",
      "Hmm — here goes:",
      "(A short puzzle.)",
      "Okay; listen:",
      "“Word problem!”",
    ]);
    const aside = rng.pick(["", "(No tricks!)", "[Really.]", "— honest —", "«Think first.»"]);
    const end = rng.pick(["?", "?!", "??", "? …"]);
    return [lead, setup, aside, ask.replace(/\?$/, end)].filter(Boolean).join(" ");
  }
  if (style === "unicode" && rng.chance(0.3)) return `${rng.pick(["🧮", "📦", "🛒", "⏰"])} ${text}`;
  return text;
}

/** [question sentence, everything before it]. */
function splitQuestion(text: string): [string, string] {
  const cut = text.lastIndexOf(". ");
  return cut === -1 ? [text, ""] : [text.slice(cut + 2), text.slice(0, cut + 1)];
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
