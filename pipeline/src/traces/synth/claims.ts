// Finds the arithmetic claims `expr = number` inside a step's text and checks each one with exact
// rational arithmetic. Used by the synth tests to prove that every generated step is true; usable on
// any step text in the same style ("Cost of apples: 3 * 12 = 36", "Ones: 8 + 6 = 14, write 4").
//
//   checkClaims("Total: 2.5 * 3 = 7.5") → [{ lhs: "2.5 * 3", rhs: "7.5", value: "7.5", ok: true }]
//
// The left side runs back from `=` over digits, `. + - * / × ÷ ( )`, spaces and the word `mod`, and
// must start the text or follow `:`, `,` or `;`. A left side with no digit is not a claim
// ("Monday + 3 days = Thursday" is checked by its family instead); a right side that is not a number
// is not a claim either. Operators: + - * / × ÷ mod, with the usual precedence and parentheses.
import {
  addR,
  divR,
  eqR,
  formatDecimal,
  modR,
  mulR,
  parseRational,
  type Rational,
  subR,
} from "./rational.ts";

export interface Claim {
  lhs: string;
  rhs: string;
  /** The left side's exact value as a decimal (or `n/d`), when it could be evaluated. */
  value?: string;
  ok: boolean;
  /** Why the claim could not be evaluated (bad expression, division by zero). */
  error?: string;
}

const LEFT = /(?:[\d.+\-*/×÷() ]|mod)+$/;
const RIGHT = /^\s*(-?\d+(?:\.\d+)?)(?![\d.]*\d)/;

export function checkClaims(text: string): Claim[] {
  const claims: Claim[] = [];
  for (let eq = text.indexOf("="); eq !== -1; eq = text.indexOf("=", eq + 1)) {
    const before = text.slice(0, eq);
    const left = LEFT.exec(before);
    const right = RIGHT.exec(text.slice(eq + 1));
    if (!left || !right || !/\d/.test(left[0])) continue;
    const lhs = left[0].trim();
    const rhs = right[1];
    const start = before.length - left[0].length;
    const prev = before.slice(0, start).trimEnd().slice(-1);
    if (prev !== "" && !":,;".includes(prev)) {
      claims.push({ lhs, rhs, ok: false, error: `left side does not start cleanly (after "${prev}")` });
      continue;
    }
    try {
      const value = evaluate(lhs);
      const expected = parseRational(rhs)!;
      claims.push({ lhs, rhs, value: show(value), ok: eqR(value, expected) });
    } catch (err) {
      claims.push({ lhs, rhs, ok: false, error: (err as Error).message });
    }
  }
  return claims;
}

/** Exact value of an expression of numbers, + - * / × ÷ mod and parentheses. Throws on bad input. */
export function evaluate(expr: string): Rational {
  const tokens = expr.match(/\d+(?:\.\d+)?|\.\d+|mod|[-+*/×÷()]|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const sum = (): Rational => {
    let v = product();
    while (peek() === "+" || peek() === "-") {
      const op = tokens[pos++];
      const r = product();
      v = op === "+" ? addR(v, r) : subR(v, r);
    }
    return v;
  };
  const product = (): Rational => {
    let v = unary();
    while (["*", "/", "×", "÷", "mod"].includes(peek())) {
      const op = tokens[pos++];
      const r = unary();
      if ((op === "/" || op === "÷") && r.n === 0n) throw new Error("division by zero");
      v = op === "mod" ? modR(v, r) : op === "/" || op === "÷" ? divR(v, r) : mulR(v, r);
    }
    return v;
  };
  const unary = (): Rational => {
    if (peek() === "-") {
      pos++;
      return subR(parseRational("0")!, unary());
    }
    if (peek() === "(") {
      pos++;
      const v = sum();
      if (tokens[pos++] !== ")") throw new Error(`missing ")" in "${expr}"`);
      return v;
    }
    const tok = tokens[pos++];
    const v = tok === undefined ? null : parseRational(tok);
    if (!v)
      throw new Error(`expected a number in "${expr}", found ${tok === undefined ? "the end" : `"${tok}"`}`);
    return v;
  };
  const v = sum();
  if (pos !== tokens.length) throw new Error(`unexpected "${tokens[pos]}" in "${expr}"`);
  return v;
}

function show(v: Rational): string {
  return formatDecimal(v) ?? `${v.n}/${v.d}`;
}
