// Answer extraction (answer-correctness spec §1 and §2). The prediction is preprocessed (− → -, text
// after the last `</think>` (when there is none, the think tags alone are dropped), GSM8K `<<…>>`
// annotations deleted); then the first rule that applies, by
// priority and not by position, gives the span: answer tag, \boxed, `####`, answer phrase, and the
// fallbacks (`whole-line`, `text-line`, `last-number`). Within one rule the last occurrence wins.
// Every search is a bounded, linear scan: a 100,000-character output costs a few passes.
//
//   extractPrediction("\\boxed{25} … so the answer is 30", {goldIsText: false}) // {rule: "boxed", span: "25"}
//   extractGold("She makes $18.\n#### 18")                                   // "18"
import { closingBraces, findClosingBrace } from "./braces.ts";

export type ExtractionRule =
  | "answer-tag"
  | "boxed"
  | "gsm8k-marker"
  | "answer-phrase"
  | "whole-line"
  | "text-line"
  | "last-number"
  | "none";

export interface Extraction {
  rule: ExtractionRule;
  /** The answer span as written (untrimmed), or null when there is no answer. */
  span: string | null;
}

export interface ExtractOptions {
  goldIsText: boolean;
  /** Does this one-line prediction parse as an answer (number, expression, tuple…)? */
  parsesAsAnswer: (line: string) => boolean;
}

/** Longest annotation `<<…>>` that is deleted; longer `<<` … `>>` stretches are left alone. */
const MAX_ANNOTATION_CHARS = 300;
const MAX_TEXT_LINE_CHARS = 64;
const NUMERIC_LITERAL = /-?(?:\d+(?:,\d{3}(?!\d))*(?:\.\d+)?|\.\d+)(?:\/\d+(?:\.\d+)?)?/g;

export function preprocessPrediction(text: string): string {
  let s = text.includes("\u2212") ? text.replace(/\u2212/g, "-") : text;
  const lower = asciiLower(s);
  const think = lower.lastIndexOf("</think>");
  if (think >= 0) {
    // Text after the last `</think>`, if any; else everything, without the tags themselves.
    s = s.slice(think + 8).trim() !== "" ? s.slice(think + 8) : s.replace(/<\/?think>/gi, "");
  }
  return deleteAnnotations(s);
}

export function extractPrediction(text: string, opts: ExtractOptions): Extraction {
  const s = preprocessPrediction(text);
  const lower = asciiLower(s);
  const tag = answerTag(s, lower);
  if (tag !== null) return { rule: "answer-tag", span: lastBox(tag) ?? tag };
  const box = lastBox(s);
  if (box !== null) return { rule: "boxed", span: box };
  const hashes = s.lastIndexOf("####");
  if (hashes >= 0) return { rule: "gsm8k-marker", span: restOfLine(s, hashes + 4) };
  const phrase = answerPhrase(s, lower);
  if (phrase !== null) return { rule: "answer-phrase", span: phrase };
  const trimmed = s.trim();
  const oneLine = trimmed !== "" && !trimmed.includes("\n");
  if (oneLine && opts.parsesAsAnswer(trimmed)) return { rule: "whole-line", span: trimmed };
  if (oneLine && opts.goldIsText && trimmed.length <= MAX_TEXT_LINE_CHARS)
    return { rule: "text-line", span: trimmed };
  const number = lastNumericLiteral(s);
  if (number !== null) return { rule: "last-number", span: number };
  return { rule: "none", span: null };
}

/** Gold: the text after the last `####`, else the last \boxed{} content, else the whole gold. */
export function extractGold(gold: string): string {
  const s = gold.includes("\u2212") ? gold.replace(/\u2212/g, "-") : gold;
  const hashes = s.lastIndexOf("####");
  if (hashes >= 0) return s.slice(hashes + 4).trim();
  return (lastBox(s) ?? s).trim();
}

/** ASCII-only lower case: same length as the input, so indices stay valid. */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

function deleteAnnotations(s: string): string {
  if (!s.includes("<<")) return s;
  const parts: string[] = [];
  let from = 0;
  let close = -1;
  for (let open = s.indexOf("<<"); open >= 0; open = s.indexOf("<<", open + 2)) {
    if (open < from) continue;
    if (close < open + 2) close = s.indexOf(">>", open + 2);
    if (close < 0) break;
    const length = close - open - 2;
    if (length <= MAX_ANNOTATION_CHARS && !s.slice(open + 2, close).includes("\n")) {
      parts.push(s.slice(from, open));
      from = close + 2;
    }
  }
  parts.push(s.slice(from));
  return parts.join("");
}

/** Content of the last `<answer>` (its closing tag, or the end of the text when unclosed). */
function answerTag(s: string, lower: string): string | null {
  const open = lower.lastIndexOf("<answer>");
  if (open < 0) return null;
  const start = open + "<answer>".length;
  const close = lower.indexOf("</answer>", start);
  return close < 0 ? s.slice(start) : s.slice(start, close);
}

/** Content of the last closed `\boxed{…}`/`\fbox{…}`, or the token after `\boxed `; null if none. */
export function lastBox(s: string): string | null {
  let close: Int32Array | null = null;
  let b = s.lastIndexOf("\\boxed");
  let f = s.lastIndexOf("\\fbox");
  for (let tries = 0; b >= 0 || f >= 0; tries++) {
    const at = Math.max(b, f);
    let i = at + (at === b ? 6 : 5);
    if (at === b) b = at > 0 ? s.lastIndexOf("\\boxed", at - 1) : -1;
    else f = at > 0 ? s.lastIndexOf("\\fbox", at - 1) : -1;
    if (isLetterCode(s.charCodeAt(i))) continue;
    const spaceStart = i;
    while (s[i] === " " || s[i] === "\t") i++;
    if (s[i] === "{") {
      // The first candidate: one linear scan; more (unclosed boxes): one table for all of them.
      if (tries > 0) close ??= closingBraces(s);
      const end = close ? close[i] : findClosingBrace(s, i);
      if (end >= 0) return s.slice(i + 1, end);
      continue;
    }
    if (i > spaceStart) {
      let j = i;
      while (j < s.length && !/[\s$]/.test(s[j])) j++;
      if (j > i) return s.slice(i, j);
    }
  }
  return null;
}

/** The last `answer is` / `answer:` / `answer =`: the rest of its line, up to a sentence-ending period. */
function answerPhrase(s: string, lower: string): string | null {
  let from = lower.length;
  for (let guard = 0; guard < lower.length && from >= 0; guard++) {
    const at = lower.lastIndexOf("answer", from);
    if (at < 0) return null;
    from = at - 1;
    if (at > 0 && isLetterCode(lower.charCodeAt(at - 1))) continue;
    let i = at + 6;
    const skipStart = i;
    while (lower[i] === " " || lower[i] === "\t" || lower[i] === "*" || lower[i] === "_") i++;
    let start = -1;
    if (lower[i] === ":" || lower[i] === "=") start = i + 1;
    else if (i > skipStart && lower.startsWith("is", i) && !isLetterCode(lower.charCodeAt(i + 2))) {
      start = i + 2;
      while (lower[start] === " " || lower[start] === "\t") start++;
      if (lower[start] === ":") start++;
    }
    if (start < 0) continue;
    return untilSentenceEnd(restOfLine(s, start));
  }
  return null;
}

function restOfLine(s: string, start: number): string {
  const nl = s.indexOf("\n", start);
  return s.slice(start, nl < 0 ? undefined : nl);
}

/** Cut at the first period followed by whitespace or the end (a period between digits stays). */
function untilSentenceEnd(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== ".") continue;
    const next = line[i + 1];
    if (next === undefined || next === " " || next === "\t" || next === "\r") return line.slice(0, i);
  }
  return line;
}

/** The last integer/decimal/fraction literal, with an optional `-` and thousands commas. */
function lastNumericLiteral(s: string): string | null {
  let last: RegExpExecArray | null = null;
  NUMERIC_LITERAL.lastIndex = 0;
  for (let m = NUMERIC_LITERAL.exec(s); m !== null; m = NUMERIC_LITERAL.exec(s)) last = m;
  if (last === null) return null;
  // `5-3`: the `-` is an operator, not a sign.
  const before = s[last.index - 1];
  return last[0].startsWith("-") && before !== undefined && /[\w)]/.test(before) ? last[0].slice(1) : last[0];
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
