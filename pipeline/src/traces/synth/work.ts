// A step writer for the numeric families: each call computes one result with exact rational
// arithmetic, appends the step `Label: a op b = c` and returns c. Generators never write a number
// in a step by hand, so a step cannot state a wrong result.
//
//   const w = createWork();                   // integers only; createWork({ money: true }) for cents
//   const cost = w.calc("Cost of apples", 3, "*", 12);   // "Cost of apples: 3 * 12 = 36" → 36
//   w.calc2("Tens", 7, "+", 5, "+", 1, ", write 3, carry 1");
import {
  addR,
  divR,
  formatDecimal,
  fromNumber,
  modR,
  mulR,
  type Rational,
  subR,
  toNumber,
} from "./rational.ts";

export type Op = "+" | "-" | "*" | "/" | "mod";

export interface Work {
  readonly steps: string[];
  /** `label: a op b = c`; returns c. */
  calc(label: string, a: number, op: Op, b: number, suffix?: string): number;
  /** `label: a op1 b op2 c = d`, only where left-to-right order equals the usual precedence. */
  calc2(label: string, a: number, op1: Op, b: number, op2: Op, c: number, suffix?: string): number;
  /** The exact result of `a op b` without writing a step (for numbers the prompt states). */
  value(a: number, op: Op, b: number): number;
  /** A step without arithmetic, checked by its family's tests. */
  note(text: string): void;
  /** How a number is written in this work (and should be in the prompt): `2.50` in money mode. */
  fmt(x: number): string;
}

export interface WorkOptions {
  /** Allow results with up to two decimals, written with two (`7.50`). Default: integers only. */
  money?: boolean;
}

export function createWork(opts: WorkOptions = {}): Work {
  const steps: string[] = [];
  const fmt = (x: number) => formatNumber(x, opts.money ?? false);
  const result = (v: Rational, text: string): number => {
    const dec = formatDecimal(v);
    const places = dec?.split(".")[1]?.length ?? 0;
    if (dec === null || (opts.money ? places > 2 : places > 0) || v.n < 0n) {
      throw new Error(
        `work: "${text}" gives ${dec ?? `${v.n}/${v.d}`}, not a ${opts.money ? "money amount" : "whole number"} >= 0`,
      );
    }
    return toNumber(v);
  };
  return {
    steps,
    fmt,
    calc(label, a, op, b, suffix = "") {
      const text = `${fmt(a)} ${op} ${fmt(b)}`;
      const c = result(apply(fromNumber(a), op, fromNumber(b)), text);
      steps.push(`${label}: ${text} = ${fmt(c)}${suffix}`);
      return c;
    },
    calc2(label, a, op1, b, op2, c, suffix = "") {
      if (op2 !== "+" && op2 !== "-" && (op1 === "+" || op1 === "-")) {
        throw new Error(`work: ${a} ${op1} ${b} ${op2} ${c} would not be read left to right`);
      }
      const text = `${fmt(a)} ${op1} ${fmt(b)} ${op2} ${fmt(c)}`;
      const d = result(apply(apply(fromNumber(a), op1, fromNumber(b)), op2, fromNumber(c)), text);
      steps.push(`${label}: ${text} = ${fmt(d)}${suffix}`);
      return d;
    },
    value(a, op, b) {
      return result(apply(fromNumber(a), op, fromNumber(b)), `${fmt(a)} ${op} ${fmt(b)}`);
    },
    note(text) {
      steps.push(text);
    },
  };
}

/** `12`, or `2.50` for a money amount with cents. */
export function formatNumber(x: number, money: boolean): string {
  const dec = formatDecimal(fromNumber(x))!;
  if (!money || !dec.includes(".")) return dec;
  const [whole, frac] = dec.split(".");
  return `${whole}.${frac.padEnd(2, "0")}`;
}

function apply(a: Rational, op: Op, b: Rational): Rational {
  if (op === "+") return addR(a, b);
  if (op === "-") return subR(a, b);
  if (op === "*") return mulR(a, b);
  if (op === "mod") return modR(a, b);
  if (b.n === 0n) throw new Error("work: division by zero");
  return divR(a, b);
}
