// Exact rational numbers as reduced BigInt pairs (denominator > 0), for judges that must compare
// 0.1 + 0.2 with 0.3 exactly. Sizes are bounded by the callers (see `MAX_BITS`): an operation whose
// result would exceed it returns null, and the caller falls back to a double.
//
//   const r = parseDecimal("2.50")!;        // 5/2
//   ratEquals(ratAdd(r, ratFrom(1n)), ratFrom(7n, 2n)) // true

export interface Rational {
  readonly num: bigint;
  /** Always > 0; gcd(num, den) = 1. */
  readonly den: bigint;
}

/** Largest numerator or denominator (in bits) a judge keeps exact. */
export const MAX_BITS = 4096;

export function ratFrom(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError("division by zero");
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num < 0n ? -num : num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

export function ratAdd(a: Rational, b: Rational): Rational | null {
  return bounded(ratFrom(a.num * b.den + b.num * a.den, a.den * b.den));
}

export function ratSub(a: Rational, b: Rational): Rational | null {
  return bounded(ratFrom(a.num * b.den - b.num * a.den, a.den * b.den));
}

export function ratMul(a: Rational, b: Rational): Rational | null {
  return bounded(ratFrom(a.num * b.num, a.den * b.den));
}

/** a / b; null when b is 0 or the result is too big. */
export function ratDiv(a: Rational, b: Rational): Rational | null {
  if (b.num === 0n) return null;
  return bounded(ratFrom(a.num * b.den, a.den * b.num));
}

export function ratNeg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function ratEquals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

export function ratIsInteger(a: Rational): boolean {
  return a.den === 1n;
}

/** a^n for an integer n; null when the result would exceed MAX_BITS or 0 is raised to n < 0. */
export function ratPow(a: Rational, n: bigint): Rational | null {
  if (n < 0n) {
    if (a.num === 0n) return null;
    return ratPow(ratFrom(a.den, a.num), -n);
  }
  if (a.den === 1n && (a.num === 0n || a.num === 1n)) return a;
  if (a.den === 1n && a.num === -1n) return ratFrom(n % 2n === 0n ? 1n : -1n);
  // |a|'s larger part is at least 2^(bits-1): a lower bound of the result's size, checked first.
  const bits = BigInt(Math.max(bitLength(a.num), bitLength(a.den)));
  if ((bits - 1n) * n > BigInt(MAX_BITS)) return null;
  return bounded(ratFrom(a.num ** n, a.den ** n));
}

/** The exact k-th root when both parts are perfect k-th powers (k ≥ 2), else null. */
export function ratRoot(a: Rational, k: bigint): Rational | null {
  if (k < 2n || k > 64n) return null;
  const negative = a.num < 0n;
  if (negative && k % 2n === 0n) return null;
  const n = intRoot(negative ? -a.num : a.num, k);
  const d = intRoot(a.den, k);
  if (n === null || d === null) return null;
  return ratFrom(negative ? -n : n, d);
}

/** The closest double (within a few ulps). Parts beyond 2^1000 are scaled down together first. */
export function ratToNumber(a: Rational): number {
  const shift = Math.max(bitLength(a.num), bitLength(a.den)) - 1000;
  if (shift <= 0) return Number(a.num) / Number(a.den);
  const s = BigInt(shift);
  return Number(a.num >> s) / Number(a.den >> s);
}

/** `12`, `-0.125`, `.5`, `3.` (digits only, no sign handling beyond a leading `-`). */
export function parseDecimal(text: string): Rational | null {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const frac = m[3] ?? "";
  if (m[2].length + frac.length > 1200) return null;
  const num = BigInt(`${m[2] || "0"}${frac}`) * (m[1] ? -1n : 1n);
  return ratFrom(num, 10n ** BigInt(frac.length));
}

export function ratToString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}

function bounded(r: Rational): Rational | null {
  return bitLength(r.num) > MAX_BITS || bitLength(r.den) > MAX_BITS ? null : r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** Bit length of |n| (0 for 0). */
export function bitLength(n: bigint): number {
  const abs = n < 0n ? -n : n;
  if (abs < 0x20000000000000n) return abs === 0n ? 0 : Math.floor(Math.log2(Number(abs))) + 1;
  return abs.toString(16).length * 4;
}

/** Exact integer k-th root of n ≥ 0 by Newton's method, or null when n is not a perfect power. */
function intRoot(n: bigint, k: bigint): bigint | null {
  if (n < 2n) return n;
  const kn = Number(k);
  let x = 1n << BigInt(Math.ceil(bitLength(n) / kn) + 1);
  for (let i = 0; i < 10_000; i++) {
    const next = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (next >= x) break;
    x = next;
  }
  return x ** k === n ? x : null;
}
