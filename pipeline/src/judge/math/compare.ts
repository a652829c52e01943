// Comparing a predicted answer value with the gold one (answer-correctness spec §4). Rational values
// compare exactly; irrational ones (π, radicals) within a relative 1e-9, except that a prediction
// holding a decimal literal never matches an irrational gold; expressions with variables compare at
// seeded random rational points; tuples/intervals element-wise with matching brackets; sets, bare
// lists and union parts as multisets; text case- and whitespace-insensitively.
//
//   compareValues(parseAnswerValue("\\frac{1}{\\sqrt3}"), parseAnswerValue("\\frac{\\sqrt3}{3}"))
//   // → {equal: true, method: "numeric"}

import { mulberry32 } from "../../random.ts";
import type { AnswerValue } from "./answer-value.ts";
import { evaluate, type Num, toNumber } from "./evaluate.ts";
import type { Node } from "./expression.ts";
import { ratEquals, ratFrom } from "./rational.ts";

export type CompareMethod =
  | "rational"
  | "numeric"
  | "expression"
  | "decimal-approximation"
  | "undefined"
  | "variables"
  | "tuple"
  | "set"
  | "union"
  | "equation"
  | "text"
  | "kind-mismatch";

export interface Comparison {
  equal: boolean;
  method: CompareMethod;
}

export const RELATIVE_TOLERANCE = 1e-9;
const POINTS = 5;
const MAX_POINT_TRIES = 20;
const POINTS_SEED = 0x5eed;
const DECIMAL_LITERAL = /\d*\.\d/;

export function compareValues(gold: AnswerValue, pred: AnswerValue): Comparison {
  if (gold.kind === "text") {
    return { equal: pred.kind === "text" && textKey(gold.text) === textKey(pred.text), method: "text" };
  }
  if (gold.kind !== pred.kind) return { equal: false, method: "kind-mismatch" };
  switch (gold.kind) {
    case "expr":
      return compareExpressions(gold, pred as typeof gold);
    case "tuple": {
      const p = pred as typeof gold;
      const same =
        gold.open === p.open &&
        gold.close === p.close &&
        gold.items.length === p.items.length &&
        gold.items.every((g, i) => compareValues(g, p.items[i]).equal);
      return { equal: same, method: "tuple" };
    }
    case "set":
      return { equal: sameMultiset(gold.items, (pred as typeof gold).items), method: "set" };
    case "union":
      return { equal: sameMultiset(gold.parts, (pred as typeof gold).parts), method: "union" };
    case "equation": {
      const p = pred as typeof gold;
      const same =
        gold.sides.length === p.sides.length &&
        gold.sides.every((g, i) => compareValues(g, p.sides[i]).equal);
      return { equal: same, method: "equation" };
    }
  }
}

/** Case-insensitive, whitespace-free form of a text answer. */
export function textKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, "");
}

function sameMultiset(gold: AnswerValue[], pred: AnswerValue[]): boolean {
  if (gold.length !== pred.length) return false;
  const used = new Array<boolean>(pred.length).fill(false);
  for (const g of gold) {
    const k = pred.findIndex((p, i) => !used[i] && compareValues(g, p).equal);
    if (k < 0) return false;
    used[k] = true;
  }
  return true;
}

type ExprValue = Extract<AnswerValue, { kind: "expr" }>;

function compareExpressions(gold: ExprValue, pred: ExprValue): Comparison {
  if (gold.vars !== pred.vars) return { equal: false, method: "variables" };
  const predHasDecimal = DECIMAL_LITERAL.test(pred.src);
  if (gold.vars === "") {
    const g = evaluate(gold.node, EMPTY);
    const p = evaluate(pred.node, EMPTY);
    if (g === null || p === null) return { equal: false, method: "undefined" };
    return compareNumbers(g, p, predHasDecimal);
  }
  return comparePoints(gold.node, pred.node, gold.vars.split(","), predHasDecimal);
}

const EMPTY: ReadonlyMap<string, Num> = new Map();

function compareNumbers(g: Num, p: Num, predHasDecimal: boolean): Comparison {
  if (typeof g !== "number" && typeof p !== "number") return { equal: ratEquals(g, p), method: "rational" };
  if (typeof g === "number" && predHasDecimal) return { equal: false, method: "decimal-approximation" };
  return { equal: closeEnough(toNumber(g), toNumber(p)), method: "numeric" };
}

export function closeEnough(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Agree at POINTS seeded random positive rational points (both sides undefined there: skipped). */
function comparePoints(gold: Node, pred: Node, vars: string[], predHasDecimal: boolean): Comparison {
  const rand = mulberry32(POINTS_SEED);
  let agreed = 0;
  for (let t = 0; t < MAX_POINT_TRIES && agreed < POINTS; t++) {
    const env = new Map<string, Num>();
    for (const v of vars) {
      env.set(v, ratFrom(BigInt(1 + Math.floor(rand() * 97)), BigInt(1 + Math.floor(rand() * 11))));
    }
    const g = evaluate(gold, env);
    if (g === null) continue;
    const p = evaluate(pred, env);
    if (p === null) return { equal: false, method: "expression" };
    const c = compareNumbers(g, p, predHasDecimal);
    if (c.method === "decimal-approximation") return c;
    if (!c.equal) return { equal: false, method: "expression" };
    agreed++;
  }
  return { equal: agreed > 0, method: "expression" };
}
