// Arithmetic claims inside reasoning text, checked exactly with rationals. A claim is
// `left = right` where at least one side holds an operator: `16 - 3 - 4 = 9`, chains
// `a + b + c = d = e`, `3 x 4 = 12`, `2 × $1,200 = $2,400`, `20% of 50 = 10`, `5^2 = 25`.
// Words break a claim, so prose never produces one. Conventions, chosen so that ordinary writing
// raises no false alarm:
// - a calculation cut by a word is not checked where it is cut: `S + 143 = 200 - 16 = 184` checks only
//   `200 - 16 = 184`; `100/5 = 5A/5` checks nothing; `4 / 3 = 1 and 1/3` is a mixed number, skipped;
// - a percent is read as /100 or as a plain number; the claim holds if either reading does;
// - a running total `5 + 3 = 8 + 2 = 10` is fine: a right side that starts with the left's value
//   and goes on with an operator continues the calculation;
// - a result with k decimals may be the exact value rounded to k decimals (`10/3 = 3.33`);
// - `= 26 cents` after dollars may be the value in cents.
// A calculation whose left side is undefined (`1 / 0 = 0`, ÷0 or beyond range) is skipped, unless
// the caller passes `{ undefinedIsWrong: true }` (step-arithmetic@2): then it is a wrong claim
// with expected `undefined`.
//
//   findClaims("She pays 3 x $4 = $13.")  // [{claim: "3 x $4 = $13", expected: "12", found: "$13", ok: false}]
//   checkClaim("48/2", "24")              // {ok: true, …}
import { type Token, tokenize } from "./arithmetic-tokens.ts";
import { evaluate } from "./math/evaluate.ts";
import { parseExpression } from "./math/expression.ts";
import { type Rational, ratEquals, ratFrom, ratToString } from "./math/rational.ts";

export interface Claim {
  /** The claim as written. */
  claim: string;
  /** Exact value of the left side (`12`, `10/3`). */
  expected: string;
  /** The right side as written. */
  found: string;
  ok: boolean;
}

export interface ClaimOptions {
  /** A claim whose left side has no value (÷0) is wrong, not skipped. Default false (step-arithmetic@1). */
  undefinedIsWrong?: boolean;
}

export const MAX_CLAIMS = 500;
/** Claims are looked for in the first 20,000 characters of a text: a bound on hostile outputs. */
export const MAX_TEXT_CHARS = 20_000;
const MAX_SIDE_CHARS = 400;
/** Words that join a number to what follows: a calculation after them starts mid-way. */
const CONNECTORS = new Set(["plus", "minus", "times", "by", "over", "per", "divided", "multiplied"]);
const MIXED_NUMBER_TAIL = /^\s*and\s+\$?\(?\d+\s*\/\s*\d+/;

/** Every checkable claim in a text (remove `<<…>>` annotations first); only the first MAX_TEXT_CHARS are read. */
export function findClaims(fullText: string, opts: ClaimOptions = {}): Claim[] {
  if (!fullText.includes("=")) return [];
  const text = fullText.length > MAX_TEXT_CHARS ? fullText.slice(0, MAX_TEXT_CHARS) : fullText;
  const tokens = tokenize(text);
  const claims: Claim[] = [];
  let runStart = 0;
  let hasEquals = false;
  for (let i = 0; i <= tokens.length && claims.length < MAX_CLAIMS; i++) {
    if (i < tokens.length && tokens[i].t !== "break") {
      hasEquals ||= tokens[i].t === "=";
      continue;
    }
    if (hasEquals) {
      const run = tokens.slice(runStart, i);
      const before = tokens[runStart - 1];
      const after = tokens[i];
      const first = run[0];
      const last = run[run.length - 1];
      const partialLeft =
        before !== undefined &&
        (before.end === first.start ||
          isConnector(word(text, before), first) ||
          tokens[runStart - 2]?.t === "op");
      const afterWord = after ? word(text, after) : "";
      const partialRight =
        after !== undefined &&
        ((after.start === last.end && /[a-z]/.test(afterWord)) ||
          MIXED_NUMBER_TAIL.test(text.slice(last.end, last.end + 24)));
      const cents = afterWord === "cents" || afterWord === "cent";
      claimsOfRun(text, run, claims, { partialLeft, partialRight, cents }, opts);
    }
    runStart = i + 1;
    hasEquals = false;
  }
  return claims.slice(0, MAX_CLAIMS);
}

/** Check `expr = result` (a calculator annotation); null when either side is not arithmetic. */
export function checkClaim(expr: string, result: string, opts: ClaimOptions = {}): Claim | null {
  const left = tokenize(expr);
  const right = tokenize(result);
  const plain = (ts: Token[]) => ts.length > 0 && ts.every((t) => t.t !== "break" && t.t !== "=");
  if (!plain(left) || !plain(right)) return null;
  return judgePair(`${expr}=${result}`, left, right, result.trim(), false, opts);
}

interface RunEdges {
  partialLeft: boolean;
  partialRight: boolean;
  cents: boolean;
}

function claimsOfRun(text: string, run: Token[], out: Claim[], edges: RunEdges, opts: ClaimOptions): void {
  let segments: Token[][] = [[]];
  for (const t of run) {
    if (t.t === "=") segments.push([]);
    else segments[segments.length - 1].push(t);
  }
  // `= 1/3 of $150`: a result ends at "of", and the chain with it.
  let cutRight = edges.partialRight;
  for (let k = 1; k < segments.length; k++) {
    const of = segments[k].findIndex((t) => t.of);
    if (of >= 0) {
      segments = [...segments.slice(0, k), segments[k].slice(0, of)];
      cutRight = false;
      break;
    }
  }
  const first = segments[0];
  const length = first.length;
  while (first.length && ((first[0].t === "op" && !first[0].sign) || first[0].t === ")")) first.shift();
  const cutLeft = edges.partialLeft || first.length < length;
  trimUnbalanced(first, "(");
  trimUnbalanced(segments[segments.length - 1], ")");
  const lastPair = segments.length - 2 - (cutRight ? 1 : 0);
  let chained = false;
  for (let k = cutLeft ? 1 : 0; k <= lastPair && out.length < MAX_CLAIMS; k++) {
    const left = segments[k];
    const right = segments[k + 1];
    if (left.length === 0 || right.length === 0) {
      chained = false;
      continue;
    }
    // A pair without any operator is checked only as part of a calculation chain (`1 + 2 = 3 = 4`).
    if (!chained && !left.some(isOperator) && !right.some(isOperator)) continue;
    chained = true;
    const claimText = text.slice(left[0].start, right[right.length - 1].end);
    const found = text.slice(right[0].start, right[right.length - 1].end);
    const claim = judgePair(
      claimText,
      left,
      right,
      found,
      edges.cents && k + 1 === segments.length - 1,
      opts,
    );
    if (claim) out.push(claim);
  }
}

function judgePair(
  claimText: string,
  left: Token[],
  right: Token[],
  found: string,
  cents: boolean,
  opts: ClaimOptions,
): Claim | null {
  const lefts = [sideValue(left, "expr"), hasPercent(left) ? sideValue(left, "plain") : null];
  const rights = [sideValue(right, "expr"), hasPercent(right) ? sideValue(right, "plain") : null];
  lefts[1] ??= lefts[0];
  rights[1] ??= rights[0];
  const expected = lefts[0];
  if (expected === null && rights[0] !== null && opts.undefinedIsWrong && hasNoValue(left)) {
    return { claim: claimText.trim(), expected: "undefined", found: found.trim(), ok: false };
  }
  if (expected === null || rights[0] === null) return null;
  const decimals = decimalsOf(right);
  const matches = (l: Rational | null, r: Rational | null) =>
    l !== null && r !== null && (ratEquals(l, r) || (decimals > 0 && ratEquals(roundTo(l, decimals), r)));
  let ok = matches(lefts[0], rights[0]) || matches(lefts[1], rights[1]);
  if (!ok && cents && rights[1]) ok = matches(lefts[1], ratFrom(rights[1].num, rights[1].den * 100n));
  // Running total: `5 + 3 = 8 + 2 = 10`.
  if (!ok && right.length > 1 && right[0].t === "num" && right[1].t === "op") {
    const head = sideValue([right[0]], "expr");
    ok = head !== null && ratEquals(head, expected);
  }
  return { claim: claimText.trim(), expected: ratToString(expected), found: found.trim(), ok };
}

function hasPercent(tokens: Token[]): boolean {
  return tokens.some((t) => t.expr !== t.plain);
}

function sideValue(tokens: Token[], key: "expr" | "plain"): Rational | null {
  const text = tokens.map((t) => t[key]).join(" ");
  if (text.length > MAX_SIDE_CHARS) return null;
  const node = parseExpression(text);
  const v = node && evaluate(node, EMPTY);
  return v !== null && typeof v !== "number" ? v : null;
}

const EMPTY = new Map<string, never>();

/** The side parses as arithmetic but has no value (÷0, 0 to a negative power, out of range). */
function hasNoValue(tokens: Token[]): boolean {
  const text = tokens.map((t) => t.expr).join(" ");
  if (text.length > MAX_SIDE_CHARS) return false;
  const node = parseExpression(text);
  return node !== null && evaluate(node, EMPTY) === null;
}

function decimalsOf(tokens: Token[]): number {
  if (tokens.length !== 1 || tokens[0].t !== "num") return 0;
  const m = /\.(\d+)/.exec(tokens[0].plain);
  return m ? m[1].length : 0;
}

/** Round half away from zero to `k` decimals. */
function roundTo(v: Rational, k: number): Rational {
  const scale = 10n ** BigInt(k);
  const scaled = v.num * scale;
  const magnitude = (2n * (scaled < 0n ? -scaled : scaled) + v.den) / (2n * v.den);
  return ratFrom(scaled < 0n ? -magnitude : magnitude, scale);
}

/** An operator or a fraction: a side with one is a calculation. */
function isOperator(t: Token): boolean {
  return (t.t === "op" && !t.sign) || t.fraction === true;
}

/** `times 3 + 4 = …`, and `1 and 1/4 = …` (a mixed number in words). */
function isConnector(word: string, first: Token): boolean {
  return CONNECTORS.has(word) || (word === "and" && first.fraction === true);
}

function word(text: string, t: Token): string {
  return text.slice(t.start, t.end).toLowerCase();
}

/** Drop `(`s at the start that never close, or `)`s at the end that never opened. */
function trimUnbalanced(seg: Token[], kind: "(" | ")"): void {
  let depth = 0;
  for (const t of seg) depth += t.t === "(" ? 1 : t.t === ")" ? -1 : 0;
  if (kind === "(") {
    while (depth > 0 && seg[0]?.t === "(") {
      seg.shift();
      depth--;
    }
  } else {
    while (depth < 0 && seg[seg.length - 1]?.t === ")") {
      seg.pop();
      depth++;
    }
  }
}
