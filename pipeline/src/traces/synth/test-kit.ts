// Shared checks for the family tests (not used at run time): draw items from a generator across
// difficulties and styles, prove every step true, and find where a number is stated in a prompt.
//
//   for (const item of sampleItems(totals, 3, 40, { style: "unicode" })) expect(stepProblems(item)).toEqual([]);
//
// A step is true when every arithmetic claim in it holds (claims.ts, exact rationals) and the family's
// own verifier, if it recognises the step, finds nothing wrong. A step that holds no arithmetic claim
// and that the family verifier does not recognise is a problem: nothing proved it.

import { createRng, deriveSeed } from "../../random.ts";
import { checkClaims } from "./claims.ts";
import type { Generator, Options, SynthItem } from "./generator.ts";
import { STYLES } from "./words.ts";

/** undefined: not this verifier's kind of step; null: verified; a string: what is wrong. */
export type StepVerifier = (step: string, index: number, item: SynthItem) => string | null | undefined;

export function sampleItems(
  gen: Generator,
  difficulty: number,
  count: number,
  options: Options = {},
  seed = 1,
): SynthItem[] {
  const rng = createRng(deriveSeed("test", gen.name, difficulty, JSON.stringify(options), seed));
  return Array.from({ length: count }, () => gen.generate(rng, difficulty, options));
}

/** Items from every difficulty and every style. */
export function sampleAll(gen: Generator, perCase: number, options: Options = {}): SynthItem[] {
  return gen.difficulties.flatMap((d) =>
    STYLES.flatMap((style) => sampleItems(gen, d, perCase, { ...options, style })),
  );
}

export function stepProblems(item: SynthItem, verify?: StepVerifier): string[] {
  const problems: string[] = [];
  item.steps.forEach((step, i) => {
    const claims = checkClaims(step);
    for (const c of claims) {
      if (!c.ok)
        problems.push(`step ${i + 1} "${step}": ${c.error ?? `${c.lhs} is ${c.value}, not ${c.rhs}`}`);
    }
    const own = verify?.(step, i, item);
    if (typeof own === "string") problems.push(`step ${i + 1} "${step}": ${own}`);
    if (claims.length === 0 && own === undefined) problems.push(`step ${i + 1} "${step}": nothing to check`);
  });
  return problems;
}

/** Is `n` written in the text as a whole number (not part of a longer number)? */
export function states(text: string, n: number | string): boolean {
  const s = String(n).replace(/\./g, "\\.");
  return new RegExp(`(?<![\\d.])${s}(?![\\d]|\\.\\d)`).test(text);
}

/** Money from cents the way prompts and answers write it: `7`, `7.50`. */
export function centsText(cents: number): string {
  return cents % 100 === 0
    ? String(cents / 100)
    : `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

export const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
