// Normalising an answer span, gold and prediction alike (answer-correctness spec §3): strip maths
// delimiters and markdown, unwrap \text{} and friends, drop spacing commands, degree/percent/currency
// signs, trailing punctuation, reduce assignments (`x = 5` → `5`, `5 + 3 = 8` → `8`) and drop unit
// words after a number. Every step is linear in the span length.
//
//   normalizeSpan("\\$26\\,000.")          // "26000"
//   normalizeSpan("x = 5 \\text{ cm}^2")   // "5"
import { findClosingBrace } from "./braces.ts";

const UNWRAP = ["text", "textbf", "textnormal", "mathrm", "mathbf", "mbox", "boxed", "fbox"];
const UNWRAP_RE = new RegExp(`\\\\(?:${UNWRAP.join("|")})(?![A-Za-z])\\s*`, "g");
const TRAILING = new Set([".", ",", ";", ":", "!", "?", " ", "\t", "\n", "\r"]);
/** Commands that are maths, not variables, when deciding whether a side of `=` has variables. */
const NOT_VARIABLES = /\\(?:frac|sqrt|pi|infty|times|cdot|div)(?![A-Za-z])|\d[eE][+-]?\d/g;

/** A plain numeral (`1,440`, `-3.5`): nothing below would change it. */
const PLAIN_NUMBER = /^-?\d[\d,]*(?:\.\d+)?$/;

export function normalizeSpan(span: string): string {
  const trimmed = span.trim();
  if (PLAIN_NUMBER.test(trimmed)) return trimmed;
  let s = span
    .replace(/\u2212/g, "-")
    .replace(/∞/g, "\\infty ")
    .replace(/π/g, "\\pi ")
    .replace(/×/g, "\\times ")
    .replace(/·/g, "\\cdot ")
    .replace(/\\\$/g, "")
    .replace(/\$|\\\(|\\\)|\\\[|\\\]|\*\*|__/g, "");
  s = unwrapCommands(s);
  s = s
    .replace(/\\(?:left|right|displaystyle)(?![A-Za-z])|\\[!,;:]/g, "")
    .replace(/\{,\}/g, ",")
    .replace(/\\[dtc]frac(?![A-Za-z])/g, "\\frac")
    .replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![A-Za-z])|°/g, "")
    .replace(/\\%|%|€|£|¥/g, "");
  s = stripTrailing(s.trim());
  s = reduceAssignments(s);
  s = stripUnitWords(s);
  return stripTrailing(s).trim();
}

function stripTrailing(s: string): string {
  let end = s.length;
  while (end > 0 && TRAILING.has(s[end - 1])) end--;
  return s.slice(0, end);
}

/** `\text{abc}` → `abc` for every unwrapping command; an unclosed one loses its name and brace. */
function unwrapCommands(s: string): string {
  let out = s;
  for (let guard = 0; guard < 200; guard++) {
    UNWRAP_RE.lastIndex = 0;
    const m = UNWRAP_RE.exec(out);
    if (!m) break;
    const open = m.index + m[0].length;
    if (out[open] !== "{") {
      out = out.slice(0, m.index) + out.slice(open);
      continue;
    }
    const close = findClosingBrace(out, open);
    out =
      close < 0
        ? out.slice(0, m.index) + out.slice(open + 1)
        : out.slice(0, m.index) + out.slice(open + 1, close) + out.slice(close + 1);
  }
  return out;
}

/** `x = 5` → `5`; `5 + 3 = 8` → `8`; `x \in [2,5)` → `[2,5)`; other equations are kept whole. */
function reduceAssignments(span: string): string {
  let s = span;
  for (let guard = 0; guard < 4; guard++) {
    const inMatch = /^\s*(?:[A-Za-z](?:_\{?[A-Za-z0-9]{1,8}\}?)?|\\[A-Za-z]+)\s*\\in(?![A-Za-z])/.exec(s);
    if (inMatch) {
      s = s.slice(inMatch[0].length).trim();
      continue;
    }
    const eq = s.indexOf("=");
    if (eq < 0) break;
    const left = s.slice(0, eq).trim();
    if (isOneVariable(left)) s = s.slice(eq + 1).trim();
    else if (left !== "" && !hasVariables(left)) s = s.slice(s.lastIndexOf("=") + 1).trim();
    else break;
  }
  return s;
}

function isOneVariable(s: string): boolean {
  return /^(?:[A-Za-z](?:_(?:\{[A-Za-z0-9]{1,8}\}|[A-Za-z0-9]))?|\\[A-Za-z]{2,20})$/.test(s) && s !== "\\pi";
}

function hasVariables(s: string): boolean {
  return /[A-Za-z]/.test(s.replace(NOT_VARIABLES, ""));
}

/**
 * Drop a tail of unit words after a number: `18 dollars`, `4 cm^2`, `$18 every day at the market`.
 * The tail starts with a word of two or more letters (not a \command, not glued to a letter) and
 * holds only letters, spaces, `. ' - /` and exponents (`^2`, `^{3}`, ², ³); what stays must end in a
 * number, a closing bracket or a command such as \pi. `2x` and `18 or 24` are kept.
 */
function stripUnitWords(s: string): string {
  const n = s.length;
  // The tail must start after the last character that cannot be part of one.
  let lastBad = -1;
  for (let i = 0; i < n; i++) {
    const c = s[i];
    if (isAsciiLetter(c) || c === " " || c === "." || c === "'" || c === "’" || c === "-" || c === "/")
      continue;
    if (c === "²" || c === "³") continue;
    if (c === "^") {
      const m = /^\^(?:\{\d{1,3}\}|\d{1,3})/.exec(s.slice(i, i + 6));
      if (m) {
        i += m[0].length - 1;
        continue;
      }
    }
    lastBad = i;
  }
  for (let p = lastBad + 1; p < n - 1; p++) {
    if (!isAsciiLetter(s[p]) || !isAsciiLetter(s[p + 1])) continue;
    const before = s[p - 1];
    if (p > 0 && (isAsciiLetter(before) || before === "\\" || before === "_" || before === "^")) continue;
    const head = s.slice(0, p).trimEnd();
    if (/(?:\d|\}|\)|\]|\\[A-Za-z]+)$/.test(head) && /\d|\\pi/.test(head)) return head;
    return s;
  }
  return s;
}

function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
}
