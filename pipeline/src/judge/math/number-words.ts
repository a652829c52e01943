// English number words → integer, when the WHOLE text is number words: zero…nineteen, the tens,
// hundred, thousand, million, hyphenated compounds ("twenty-five"), an optional leading "negative"
// or "minus"; case-insensitive. Anything else (other words, a bad order such as "two three") → null.
//
//   parseNumberWords("Twenty-five")      // 25
//   parseNumberWords("negative seven")   // -7
//   parseNumberWords("18 or 24")         // null

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1_000, million: 1_000_000 };

export function parseNumberWords(text: string): number | null {
  if (text.length > 200) return null;
  const words = text
    .toLowerCase()
    .trim()
    .split(/[\s-]+/);
  let sign = 1;
  if (words[0] === "negative" || words[0] === "minus") {
    sign = -1;
    words.shift();
  }
  if (words.length === 0 || words[0] === "") return null;
  if (words.length === 1 && words[0] === "zero") return 0;
  let total = 0;
  let group = 0; // the part below the next scale word, 0..999
  let last: "none" | "unit" | "tens" | "hundred" | "scale" = "none";
  let lastScale = Number.POSITIVE_INFINITY;
  for (const w of words) {
    if (w in UNITS && w !== "zero") {
      // A unit may follow nothing, a tens word (twenty-five, but not "twenty twelve"), hundred or a scale.
      if (last === "unit" || (last === "tens" && UNITS[w] >= 10)) return null;
      group += UNITS[w];
      last = "unit";
    } else if (w in TENS) {
      if (last === "unit" || last === "tens") return null;
      group += TENS[w];
      last = "tens";
    } else if (w === "hundred") {
      if (last !== "unit" || group >= 100) return null;
      group *= 100;
      last = "hundred";
    } else if (w in SCALES) {
      const scale = SCALES[w];
      if (last === "none" || last === "scale" || scale >= lastScale || group === 0) return null;
      total += group * scale;
      group = 0;
      lastScale = scale;
      last = "scale";
    } else return null;
  }
  return sign * (total + group);
}
