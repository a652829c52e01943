// Exact rational numbers on BigInt, for the arithmetic of synthetic steps and for checking it. Values
// are always normalised (denominator > 0, gcd 1), so equal values have equal fields.
//
//   const x = parseRational("2.50"); formatDecimal(mulR(x, rational(3))) === "7.5"

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

export function rational(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError("rational: division by zero");
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn < 0n ? -nn : nn, dd);
  return { n: nn / g, d: dd / g };
}

/** Parse `12`, `-3`, `2.50` or `.5`; null when the text is not such a number. */
export function parseRational(text: string): Rational | null {
  const m = /^(-?)(\d*)(?:\.(\d+))?$/.exec(text.trim());
  if (!m || (m[2] === "" && m[3] === undefined)) return null;
  const frac = m[3] ?? "";
  const digits = BigInt((m[2] || "0") + frac);
  return rational(m[1] === "-" ? -digits : digits, 10n ** BigInt(frac.length));
}

/** A JS number that holds a short decimal (e.g. 3.75) as the exact decimal it prints as. */
export function fromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`fromNumber: ${x} is not finite`);
  const r = parseRational(String(x));
  if (!r) throw new RangeError(`fromNumber: ${x} is not a plain decimal`);
  return r;
}

export const addR = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const subR = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mulR = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export const divR = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);

/** Remainder of floor division, for integers only (`17 mod 7 = 3`). */
export function modR(a: Rational, b: Rational): Rational {
  if (a.d !== 1n || b.d !== 1n || b.n === 0n)
    throw new RangeError("mod: needs integers and a non-zero divisor");
  const r = a.n % b.n;
  return rational(r < 0n ? r + (b.n < 0n ? -b.n : b.n) : r);
}

export const eqR = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const cmpR = (a: Rational, b: Rational): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const isIntegerR = (a: Rational): boolean => a.d === 1n;

/** Decimal text with the fewest digits (`7.5`, `12`), or null for a non-terminating value like 1/3. */
export function formatDecimal(a: Rational): string | null {
  let d = a.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return null;
  const places = Math.max(twos, fives);
  const scaled = (a.n * 10n ** BigInt(places)) / a.d;
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${neg ? "-" : ""}${whole}${places ? `.${frac}` : ""}`;
}

/** The number a short decimal rational prints as (exact for the values the generators use). */
export function toNumber(a: Rational): number {
  const text = formatDecimal(a);
  if (text === null) throw new RangeError(`toNumber: ${a.n}/${a.d} has no finite decimal form`);
  return Number(text);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
