// Parser for the LaTeX-ish maths of short answers: numbers (decimals, scientific notation),
// + - * / \times \cdot \div ^, implicit multiplication (`2x`, `3(x+2)`, `\frac54\pi`), \frac, \sqrt,
// \sqrt[n], \pi, \infty, single-letter variables (with subscripts) and Greek-letter variables, and
// mixed numbers (`3\frac{1}{2}`, `3 1/2`). Words of two or more letters are not maths: they fail.
// Thousands separators are removed beforehand (answer-value.ts). Recursion depth and input length
// are bounded, so any input returns in bounded time.
//
//   parseExpression("3(x+2)")  // → { k: "mul", … }   parseExpression("18 or 24") // → null
import { parseDecimal, type Rational, ratFrom, ratMul, ratPow } from "./rational.ts";

export type Node =
  | { k: "num"; value: Rational; integer: boolean }
  | { k: "const"; name: "pi" | "infty" }
  | { k: "var"; name: string }
  | { k: "neg"; a: Node }
  | { k: "add" | "sub" | "mul" | "div" | "pow"; a: Node; b: Node }
  | { k: "root"; a: Node; index: Node | null };

/** Longest text handed to the parser; longer spans are not maths. */
export const MAX_EXPRESSION_CHARS = 1000;
const MAX_DEPTH = 120;

const GREEK = new Set(
  "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma Upsilon Phi Psi Omega".split(
    " ",
  ),
);
const PRIMARY_COMMANDS = new Set(["frac", "sqrt", "pi", "infty"]);

/** Parse a whole expression; null when the text is not (only) an expression. */
export function parseExpression(text: string): Node | null {
  if (text.length === 0 || text.length > MAX_EXPRESSION_CHARS) return null;
  const p = new Parser(text);
  try {
    const node = p.expr();
    p.ws();
    return p.i === text.length ? node : null;
  } catch (e) {
    if (e === FAIL) return null;
    throw e;
  }
}

/** Variables used by a node (sorted, unique). */
export function variablesOf(node: Node, out = new Set<string>()): Set<string> {
  if (node.k === "var") out.add(node.name);
  else if (node.k === "neg") variablesOf(node.a, out);
  else if (node.k === "root") {
    variablesOf(node.a, out);
    if (node.index) variablesOf(node.index, out);
  } else if (node.k !== "num" && node.k !== "const") {
    variablesOf(node.a, out);
    variablesOf(node.b, out);
  }
  return out;
}

const FAIL = { fail: true };

class Parser {
  s: string;
  i = 0;
  depth = 0;
  constructor(s: string) {
    this.s = s;
  }

  fail(): never {
    throw FAIL;
  }

  ws(): boolean {
    const start = this.i;
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 126 /* ~ */) this.i++;
      else if (c === 92 && this.s.charCodeAt(this.i + 1) === 32)
        this.i += 2; // `\ `
      else return this.i > start;
    }
  }

  /** The command name at i (after `\`), without consuming it; "" when none. */
  command(at = this.i): string {
    if (this.s[at] !== "\\") return "";
    let j = at + 1;
    while (j < this.s.length && isLetter(this.s.charCodeAt(j))) j++;
    return this.s.slice(at + 1, j);
  }

  eat(str: string): boolean {
    if (!this.s.startsWith(str, this.i)) return false;
    if (str.startsWith("\\") && isLetter(this.s.charCodeAt(this.i + str.length))) return false;
    this.i += str.length;
    return true;
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail();
  }

  expr(): Node {
    this.enter();
    this.ws();
    let left = this.unary();
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c !== "+" && c !== "-") break;
      this.i++;
      left = { k: c === "+" ? "add" : "sub", a: left, b: this.unary() };
    }
    this.depth--;
    return left;
  }

  unary(): Node {
    this.enter();
    this.ws();
    let node: Node;
    if (this.eat("-")) node = { k: "neg", a: this.unary() };
    else if (this.eat("+")) node = this.unary();
    else node = this.term();
    this.depth--;
    return node;
  }

  /** Products and quotients, explicit or implicit, starting with a power. */
  term(): Node {
    let left = this.power();
    const first = left;
    for (;;) {
      const before = this.i;
      const spaced = this.ws();
      const c = this.s[this.i];
      const cmd = this.command();
      if (c === "*" || cmd === "times" || cmd === "cdot") {
        this.i += c === "*" ? 1 : cmd.length + 1;
        left = { k: "mul", a: left, b: this.factor() };
      } else if (c === "/" || cmd === "div") {
        this.i += c === "/" ? 1 : cmd.length + 1;
        left = { k: "div", a: left, b: this.factor() };
      } else if (left === first && first.k === "num" && first.integer && this.mixedFraction(spaced)) {
        left = { k: "add", a: first, b: this.mixedPart() };
      } else if (startsImplicitFactor(this.s, this.i, cmd)) {
        left = { k: "mul", a: left, b: this.power() };
      } else {
        this.i = before;
        break;
      }
    }
    return left;
  }

  /** The operand after `*` or `/`: an optional sign, then a power. */
  factor(): Node {
    this.ws();
    if (this.eat("+")) return this.factor();
    if (this.eat("-")) {
      this.enter();
      const node: Node = { k: "neg", a: this.factor() };
      this.depth--;
      return node;
    }
    return this.power();
  }

  /** Does a mixed number's fraction start here: `\frac{1}{2}` (no space needed) or ` 1/2`? */
  mixedFraction(spaced: boolean): boolean {
    if (this.command() === "frac") {
      const save = this.i;
      this.i += 5;
      const both = this.integerArg() !== null && this.integerArg() !== null;
      this.i = save;
      return both;
    }
    return spaced && /^\d+\/\d+(?![\d.^])/.test(this.s.slice(this.i, this.i + 40));
  }

  mixedPart(): Node {
    if (this.command() === "frac") {
      this.i += 5;
      const a = this.integerArg()!;
      const b = this.integerArg()!;
      return { k: "div", a, b };
    }
    const a = this.number();
    this.i++; // `/`
    return { k: "div", a, b: this.number() };
  }

  /** A \frac argument that is a plain integer literal, or null. */
  integerArg(): Node | null {
    this.ws();
    if (this.s[this.i] === "{") {
      const close = this.s.indexOf("}", this.i);
      if (close < 0) return null;
      const inner = this.s.slice(this.i + 1, close).trim();
      if (!/^\d{1,300}$/.test(inner)) return null;
      this.i = close + 1;
      return { k: "num", value: ratFrom(BigInt(inner)), integer: true };
    }
    const c = this.s.charCodeAt(this.i);
    if (c >= 48 && c <= 57) {
      this.i++;
      return { k: "num", value: ratFrom(BigInt(c - 48)), integer: true };
    }
    return null;
  }

  power(): Node {
    this.enter();
    const base = this.primary();
    const before = this.i;
    this.ws();
    let node = base;
    if (this.s[this.i] === "^") {
      this.i++;
      node = { k: "pow", a: base, b: this.exponent() };
    } else this.i = before;
    this.depth--;
    return node;
  }

  /** After `^`: `{expr}`, `(expr)`, a signed number (`10^-3`, `2^10`), a letter, or a command. */
  exponent(): Node {
    this.enter();
    this.ws();
    let node: Node;
    const c = this.s[this.i];
    if (c === "{") node = this.group("}");
    else if (c === "-" || c === "+") {
      this.i++;
      const inner = this.exponent();
      node = c === "-" ? { k: "neg", a: inner } : inner;
    } else if (isDigit(this.s.charCodeAt(this.i)) || c === ".") node = this.number();
    else node = this.primary();
    const before = this.i;
    this.ws();
    if (this.s[this.i] === "^") {
      this.i++;
      node = { k: "pow", a: node, b: this.exponent() };
    } else this.i = before;
    this.depth--;
    return node;
  }

  /** `(expr)`, `{expr}` or `[expr]`, with the opening bracket at i. */
  group(close: string): Node {
    this.i++;
    const node = this.expr();
    this.ws();
    if (this.s[this.i] !== close) this.fail();
    this.i++;
    return node;
  }

  /** A \frac or \sqrt argument: `{expr}`, one digit, one letter, or a command such as \pi. */
  arg(): Node {
    this.ws();
    const c = this.s.charCodeAt(this.i);
    if (c === 123 /* { */) return this.group("}");
    if (isDigit(c)) {
      this.i++;
      return { k: "num", value: ratFrom(BigInt(c - 48)), integer: true };
    }
    if (isLetter(c)) {
      this.i++;
      return { k: "var", name: this.s[this.i - 1] };
    }
    if (c === 92 /* \ */) return this.primary();
    return this.fail();
  }

  primary(): Node {
    this.enter();
    this.ws();
    const s = this.s;
    const c = s.charCodeAt(this.i);
    let node: Node;
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(this.i + 1)))) node = this.number();
    else if (c === 40 /* ( */) node = this.group(")");
    else if (c === 123 /* { */) node = this.group("}");
    else if (c === 92 /* \ */) node = this.commandPrimary();
    else if (isLetter(c)) node = this.variable();
    else node = this.fail();
    this.depth--;
    return node;
  }

  commandPrimary(): Node {
    const name = this.command();
    this.i += name.length + 1;
    if (name === "frac") {
      const a = this.arg();
      return { k: "div", a, b: this.arg() };
    }
    if (name === "sqrt") {
      this.ws();
      let index: Node | null = null;
      if (this.s[this.i] === "[") index = this.group("]");
      return { k: "root", a: this.arg(), index };
    }
    if (name === "pi" || name === "infty") return { k: "const", name };
    if (GREEK.has(name)) return { k: "var", name: `\\${name}` };
    return this.fail();
  }

  /** A single letter, optionally with a subscript (`x_1`, `a_{n}`). Two letters in a row: a word. */
  variable(): Node {
    let name = this.s[this.i++];
    if (isLetter(this.s.charCodeAt(this.i))) this.fail();
    if (this.s[this.i] === "_") {
      const m = /^_(?:\{([A-Za-z0-9]{1,8})\}|([A-Za-z0-9]))/.exec(this.s.slice(this.i, this.i + 12));
      if (!m) this.fail();
      name += `_${m[1] ?? m[2]}`;
      this.i += m[0].length;
    }
    return { k: "var", name };
  }

  /** `12`, `3.50`, `.5`, `4.5e3`, `3.2E-3`. */
  number(): Node {
    const s = this.s;
    const start = this.i;
    while (isDigit(s.charCodeAt(this.i))) this.i++;
    let integer = true;
    if (s[this.i] === ".") {
      integer = false;
      this.i++;
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
    let value = parseDecimal(s.slice(start, this.i));
    if (value === null) return this.fail();
    const e = /^[eE]([+-]?)(\d{1,6})/.exec(s.slice(this.i, this.i + 8));
    if (e && !isLetter(s.charCodeAt(this.i + e[0].length))) {
      this.i += e[0].length;
      const exp = BigInt(e[2]) * (e[1] === "-" ? -1n : 1n);
      const scaled = exp > 2000n || exp < -2000n ? null : ratPow(ratFrom(10n), exp);
      const product = scaled ? ratMul(value, scaled) : null;
      if (!product) return this.fail();
      value = product;
      integer = false;
    }
    return { k: "num", value, integer };
  }
}

function startsImplicitFactor(s: string, i: number, cmd: string): boolean {
  const c = s.charCodeAt(i);
  if (c === 40 || c === 123) return true; // ( {
  if (isLetter(c)) return true;
  return cmd !== "" && (PRIMARY_COMMANDS.has(cmd) || GREEK.has(cmd));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
