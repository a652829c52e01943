// A normalised answer span → a value: an expression (numbers included), a tuple or interval, a set
// or bare list (unordered), a union of parts, an equation, or text (anything that is not maths).
// Thousands separators are removed first: `1,440` and `2,500.00` are numbers, `2,5` and `45, 210`
// are lists, `3 500 000` is a number only when it is the whole answer.
//
//   parseAnswerValue("[-\\frac12, 3)")  // {kind: "tuple", open: "[", close: ")", items: [...]}
//   parseAnswerValue("Marisol")         // {kind: "text", text: "Marisol"}
import { MAX_EXPRESSION_CHARS, type Node, parseExpression, variablesOf } from "./expression.ts";
import { parseNumberWords } from "./number-words.ts";
import { ratFrom } from "./rational.ts";

export type AnswerValue =
  | { kind: "expr"; node: Node; vars: string; src: string }
  | { kind: "tuple"; open: string; close: string; items: AnswerValue[] }
  | { kind: "set"; items: AnswerValue[] }
  | { kind: "union"; parts: AnswerValue[] }
  | { kind: "equation"; sides: AnswerValue[] }
  | { kind: "text"; text: string };

const MAX_NESTING = 8;

export function parseAnswerValue(span: string): AnswerValue {
  const text = span.trim();
  if (text.length === 0 || text.length > MAX_EXPRESSION_CHARS) return { kind: "text", text };
  const spaced = /^(-?\d{1,3})((?: \d{3})+)(\.\d+)?$/.exec(text);
  const collapsed = spaced ? text.replace(/ /g, "") : collapseThousands(text);
  return parseValue(collapsed, 0) ?? { kind: "text", text };
}

/** `1,440` → `1440` when every group after the first has exactly three digits; else unchanged. */
export function collapseThousands(text: string): string {
  return text.replace(/\d+(?:,\d+)+/g, (run, offset: number) => {
    if (offset > 0 && text[offset - 1] === ".") return run;
    const groups = run.split(",");
    return groups.slice(1).every((g) => g.length === 3) ? groups.join("") : run;
  });
}

function parseValue(raw: string, depth: number): AnswerValue | null {
  const s = raw.trim();
  if (s === "" || depth > MAX_NESTING) return null;
  const words = parseNumberWords(s);
  if (words !== null) {
    return {
      kind: "expr",
      node: { k: "num", value: ratFrom(BigInt(words)), integer: true },
      vars: "",
      src: s,
    };
  }
  const parts = splitTop(s, "\\cup");
  if (parts.length > 1) {
    const items = parseAll(parts, depth);
    return items && { kind: "union", parts: items };
  }
  const sides = splitTop(s, "=");
  if (sides.length > 1) {
    const items = parseAll(sides, depth);
    return items && { kind: "equation", sides: items };
  }
  const list = splitTop(s, ",");
  if (list.length > 1) {
    const items = parseAll(list, depth);
    return items && { kind: "set", items };
  }
  if (s === "\\emptyset" || s === "\\varnothing") return { kind: "set", items: [] };
  if (s.startsWith("\\{") && s.endsWith("\\}") && wrapsWhole(s, 1)) {
    const inner = s.slice(2, -2);
    if (inner.trim() === "") return { kind: "set", items: [] };
    const items = parseAll(splitTop(inner, ","), depth);
    return items && { kind: "set", items };
  }
  if ((s[0] === "(" || s[0] === "[") && (s.endsWith(")") || s.endsWith("]")) && wrapsWhole(s, 0)) {
    const inner = splitTop(s.slice(1, -1), ",");
    if (inner.length > 1) {
      const items = parseAll(inner, depth);
      return items && { kind: "tuple", open: s[0], close: s[s.length - 1], items };
    }
    if (s[0] === "[" || s.endsWith("]"))
      return s[0] === "[" && s.endsWith("]") ? parseValue(inner[0], depth + 1) : null;
  }
  const node = parseExpression(s);
  if (node === null) return null;
  return { kind: "expr", node, vars: [...variablesOf(node)].sort().join(","), src: s };
}

function parseAll(parts: string[], depth: number): AnswerValue[] | null {
  const out: AnswerValue[] = [];
  for (const p of parts) {
    const v = parseValue(p, depth + 1);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** Split at `sep` outside any bracket ( [ { — brackets of any type close each other (intervals). */
function splitTop(s: string, sep: string): string[] {
  if (!s.includes(sep)) return [s];
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      if (sep.startsWith("\\") && /[A-Za-z]/.test(s[i + sep.length] ?? "")) continue;
      out.push(s.slice(start, i));
      i += sep.length - 1;
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Does the bracket opened at `at` close at the very end of `s` (and not before)? */
function wrapsWhole(s: string, at: number): boolean {
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    const c = s[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i === s.length - 1;
    }
  }
  return false;
}
