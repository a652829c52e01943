// Tokens of the arithmetic written in prose, for arithmetic.ts: numbers (`$1,200`, `.5`, `18 000`,
// `20%`, a glued fraction `1/3` kept as one value, a mixed number `1 1/2`), operators (+ - * / ^ × · ÷, `x` between numbers,
// `of` after a percent or a fraction), parentheses, `=`, and breaks (words and any other mark).
// Each token keeps its source offsets so a claim can be quoted as written.
//
//   tokenize("20% of $50 = 10") // num (20/100) · op * (of) · num 50 · = · num 10

export interface Token {
  t: "num" | "op" | "(" | ")" | "=" | "break";
  /** Expression text: numbers `1200`, `(20/100)`, `(1/3)`; operators `+ - * / ^`. */
  expr: string;
  /** The same with a percent read as a plain number. */
  plain: string;
  start: number;
  end: number;
  /** A `-` glued to the number after it and following no value: a sign, not an operator. */
  sign?: boolean;
  /** An `of` operator (it ends a result: `= 1/3 of $150`). */
  of?: boolean;
  /** A number written as a glued fraction `a/b`. */
  fraction?: boolean;
}

// Sticky (`y`): matched at `lastIndex` in the whole text, without slicing it.
const NUMBER = /\$?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?: \d{3})+(?![\d,/]|\.\d)|\d+)?(?:\.\d+)?/y;
const DENOMINATOR = /\/(\d+(?:\.\d+)?)(?![\d/%])/y;
const OPS: Record<string, string> = {
  "+": "+",
  "-": "-",
  "−": "-",
  "–": "-",
  "*": "*",
  "×": "*",
  "·": "*",
  "/": "/",
  "÷": "/",
  "^": "^",
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const push = (tok: Token) => tokens.push(tok);
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const m = c === "$" || c === "." || isDigit(c) ? matchAt(NUMBER, text, i) : null;
    if (m && /\d/.test(m[0]) && !/^\$?0\d/.test(m[0])) {
      let digits = m[0].replace(/[$, ]/g, "");
      let end = i + m[0].length;
      const prevOp = tokens[tokens.length - 1];
      // `500/1/10` is a chain (left to right); `25 / 1/3` divides by a fraction.
      const chained = prevOp?.t === "op" && prevOp.expr === "/" && prevOp.end === i;
      const d = chained ? null : matchAt(DENOMINATOR, text, end);
      const fraction = d !== null;
      if (d) {
        digits = `(${digits}/${d[1]})`;
        end += d[0].length;
      }
      const percent = text[end] === "%";
      const tok: Token = {
        t: "num",
        expr: percent ? `(${digits}/100)` : digits,
        plain: digits,
        start: i,
        end,
        fraction,
      };
      if (percent) tok.end++;
      const prev = tokens[tokens.length - 1];
      if (prev?.t === "op" && prev.expr === "-" && prev.end === i && !isValueEnd(tokens[tokens.length - 2]))
        prev.sign = true;
      if (fraction && !percent && prev?.t === "num" && prev.end < i && /^\d+$/.test(prev.expr)) {
        // A mixed number `1 1/2`.
        prev.expr = prev.plain = `(${prev.expr}+${digits})`;
        prev.end = tok.end;
        i = tok.end;
        continue;
      }
      push(tok);
      i = tok.end;
    } else if (OPS[c] !== undefined) {
      push({ t: "op", expr: OPS[c], plain: OPS[c], start: i, end: i + 1 });
      i++;
    } else if ((c === "x" || c === "X") && isTimesSign(text, i, tokens)) {
      push({ t: "op", expr: "*", plain: "*", start: i, end: i + 1 });
      i++;
    } else if (c === "(" || c === ")" || c === "=") {
      push({ t: c, expr: c, plain: c, start: i, end: i + 1 });
      i++;
    } else if (
      text.startsWith("of", i) &&
      !isLetter(text[i + 2]) &&
      !isLetter(text[i - 1]) &&
      afterPart(tokens)
    ) {
      push({ t: "op", expr: "*", plain: "*", start: i, end: i + 2, of: true });
      i += 2;
    } else {
      // A word, or a run of marks that cannot start anything else: one break token.
      let j = i + 1;
      if (isLetter(c)) while (j < text.length && isLetter(text[j])) j++;
      else while (j < text.length && isOtherMark(text.charCodeAt(j))) j++;
      push({ t: "break", expr: "", plain: "", start: i, end: j });
      i = j;
    }
  }
  return tokens;
}

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Not a space, letter, digit, `$`, `.`, operator, parenthesis or `=`: part of a run of marks. */
function isOtherMark(c: number): boolean {
  if (c === 32 || c === 9 || c === 36 || c === 46 || c === 40 || c === 41 || c === 61) return false;
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return false;
  return OPS[String.fromCharCode(c)] === undefined;
}

export function isValueEnd(t: Token | undefined): boolean {
  return t !== undefined && (t.t === "num" || t.t === ")");
}

/** `3 x 4`, `3x4`, `60 students x 2/3`: an `x` alone, before a number. */
function isTimesSign(text: string, i: number, tokens: Token[]): boolean {
  if (isLetter(text[i - 1]) || isLetter(text[i + 1])) return false;
  if (!/^\s*[\d$(.]/.test(text.slice(i + 1, i + 4))) return false;
  return isValueEnd(tokens[tokens.length - 1]) || text[i - 1] === " ";
}

/** `20% of`, `1/2 of`: "of" multiplies after a percent or a fraction. */
function afterPart(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last?.t === "num" && (last.expr !== last.plain || last.fraction === true);
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
}
