// Evaluation of parsed expressions. A value is exact (a Rational) while every step is rational —
// integers, decimals, fractions, integer powers, perfect roots — and becomes a double (`number`) as
// soon as π, an irrational root or a non-integer power appears. So "is the gold irrational?" is
// `typeof value === "number"`, and rational answers are compared exactly, never with a tolerance.
//
//   evaluate(parseExpression("\\sqrt{49}")!, new Map())       // → {num: 7n, den: 1n}
//   evaluate(parseExpression("2\\sqrt5")!, new Map())         // → 4.47213595499958
import type { Node } from "./expression.ts";
import {
  type Rational,
  ratAdd,
  ratDiv,
  ratFrom,
  ratIsInteger,
  ratMul,
  ratNeg,
  ratPow,
  ratRoot,
  ratSub,
  ratToNumber,
} from "./rational.ts";

/** Exact rational, or a double when irrational (or too big to keep exact). */
export type Num = Rational | number;

/** Value of a node with variables bound by `env`; null when undefined (÷0, √ of a negative, NaN). */
export function evaluate(node: Node, env: ReadonlyMap<string, Num>): Num | null {
  switch (node.k) {
    case "num":
      return node.value;
    case "const":
      return node.name === "pi" ? Math.PI : Number.POSITIVE_INFINITY;
    case "var":
      return env.get(node.name) ?? null;
    case "neg": {
      const a = evaluate(node.a, env);
      return a === null ? null : typeof a === "number" ? -a : ratNeg(a);
    }
    case "root": {
      const a = evaluate(node.a, env);
      const index = node.index ? evaluate(node.index, env) : ratFrom(2n);
      if (a === null || index === null) return null;
      if (typeof index !== "number" && ratIsInteger(index) && index.num >= 2n) {
        if (typeof a !== "number") {
          const exact = ratRoot(a, index.num);
          if (exact) return exact;
        }
        const x = toNumber(a);
        const k = Number(index.num);
        return checked(x < 0 && k % 2 === 1 ? -(Math.abs(x) ** (1 / k)) : x ** (1 / k));
      }
      return checked(toNumber(a) ** (1 / toNumber(index)));
    }
    default: {
      const a = evaluate(node.a, env);
      if (a === null) return null;
      const b = evaluate(node.b, env);
      if (b === null) return null;
      return binary(node.k, a, b);
    }
  }
}

export function toNumber(a: Num): number {
  return typeof a === "number" ? a : ratToNumber(a);
}

function binary(op: "add" | "sub" | "mul" | "div" | "pow", a: Num, b: Num): Num | null {
  if (op === "pow") return power(a, b);
  if (typeof a !== "number" && typeof b !== "number") {
    if (op === "div" && b.num === 0n) return null;
    const exact =
      op === "add" ? ratAdd(a, b) : op === "sub" ? ratSub(a, b) : op === "mul" ? ratMul(a, b) : ratDiv(a, b);
    if (exact) return exact;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (op === "div" && y === 0) return null;
  return finiteFrom(x, y, op === "add" ? x + y : op === "sub" ? x - y : op === "mul" ? x * y : x / y);
}

function power(a: Num, b: Num): Num | null {
  if (typeof b !== "number") {
    if (typeof a !== "number") {
      if (ratIsInteger(b)) {
        if (a.num === 0n && b.num < 0n) return null;
        const exact = ratPow(a, b.num);
        if (exact) return exact;
      } else if (b.den <= 64n) {
        const root = ratRoot(a, b.den);
        const exact = root ? ratPow(root, b.num) : null;
        if (exact) return exact;
      }
    } else if (ratIsInteger(b) && b.num >= -1000n && b.num <= 1000n) {
      return finiteFrom(a, Number(b.num), a ** Number(b.num));
    }
  }
  const x = toNumber(a);
  const y = toNumber(b);
  return finiteFrom(x, y, x ** y);
}

function checked(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** An overflow (finite operands, infinite result: `2^{100000}`) is undefined, not ∞ — so 2^{10^5} ≠ 3^{10^5}. */
function finiteFrom(x: number, y: number, result: number): number | null {
  if (!Number.isFinite(result) && Number.isFinite(x) && Number.isFinite(y)) return null;
  return checked(result);
}
