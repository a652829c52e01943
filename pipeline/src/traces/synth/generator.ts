// What a synthetic generator is: a name, a description, the categories it writes, the difficulties it
// supports (difficulty = number of steps), typed options with defaults, and `generate(rng, difficulty,
// options)`. `defineGenerator` wraps a family's raw function so that every generator resolves and
// checks its options the same way and can never return an item that breaks the rules below.
//
//   export const totals = defineGenerator({ name: "totals", …, options: { maxOperand: intOption(…) },
//     make(rng, difficulty, opts) { …; return { prompt, steps, answer, category, template, params } } });
//
// Rules checked on every item: exactly `difficulty` steps, no step holds the `Answer:` marker or a
// line break, the answer is a non-empty single line.
import { describeValue, TunixError } from "../../errors.ts";
import type { Rng } from "../../random.ts";
import { STYLES } from "./words.ts";

export type OptionValue = number | string | boolean;
export type Options = Record<string, OptionValue>;

export type OptionSpec =
  | { type: "int"; min: number; max: number; default: number; description: string }
  | { type: "enum"; values: readonly string[]; default: string; description: string }
  | { type: "bool"; default: boolean; description: string };

/** One generated problem, before it becomes a Trace. */
export interface SynthItem {
  prompt: string;
  steps: string[];
  answer: string;
  category: string;
  difficulty: number;
  tags?: string[];
  /** Which template of the family wrote it. */
  template: string;
  /** The sampled inputs, so tests can recompute the answer independently of the steps. */
  params: Record<string, unknown>;
}

export interface Generator {
  name: string;
  description: string;
  categories: readonly string[];
  /** Supported difficulties, ascending; each equals the number of steps of the items it gives. */
  difficulties: readonly number[];
  options: Readonly<Record<string, OptionSpec>>;
  generate(rng: Rng, difficulty: number, options?: Readonly<Options>): SynthItem;
}

export interface GeneratorSpec<O extends Options> {
  name: string;
  description: string;
  categories: readonly string[];
  difficulties: readonly number[];
  options: Readonly<Record<keyof O & string, OptionSpec>>;
  make(rng: Rng, difficulty: number, options: O): Omit<SynthItem, "difficulty">;
}

export const intOption = (description: string, def: number, min: number, max: number): OptionSpec => ({
  type: "int",
  min,
  max,
  default: def,
  description,
});
export const enumOption = (description: string, values: readonly string[], def: string): OptionSpec => ({
  type: "enum",
  values,
  default: def,
  description,
});
export const boolOption = (description: string, def: boolean): OptionSpec => ({
  type: "bool",
  default: def,
  description,
});
export const STYLE_OPTION = enumOption(
  "prompt style: plain, unicode names and currencies, long (filler sentences), punct (heavy punctuation)",
  STYLES,
  "plain",
);

export function defineGenerator<O extends Options>(spec: GeneratorSpec<O>): Generator {
  return Object.freeze({
    name: spec.name,
    description: spec.description,
    categories: spec.categories,
    difficulties: spec.difficulties,
    options: spec.options,
    generate(rng: Rng, difficulty: number, options: Readonly<Options> = {}): SynthItem {
      if (!spec.difficulties.includes(difficulty)) {
        throw new TunixError("E_USAGE", {
          field: "difficulty",
          expected: `one of ${spec.difficulties.join(", ")} for generator "${spec.name}"`,
          found: describeValue(difficulty),
        });
      }
      const opts = resolveOptions(spec.name, spec.options, options) as O;
      const item = { ...spec.make(rng, difficulty, opts), difficulty };
      assertItem(spec.name, item);
      return item;
    },
  });
}

/** Defaults filled in, every given option known and in range; else a usage error naming it. */
export function resolveOptions(
  generator: string,
  specs: Readonly<Record<string, OptionSpec>>,
  given: Readonly<Options>,
): Options {
  const out: Options = {};
  for (const key of Object.keys(given)) {
    if (!(key in specs)) {
      throw new TunixError("E_USAGE", {
        field: `options.${key}`,
        expected: `an option of generator "${generator}": ${Object.keys(specs).join(", ")}`,
        found: `unknown option "${key}"`,
      });
    }
  }
  for (const [key, s] of Object.entries(specs)) {
    const v = given[key] ?? s.default;
    const bad =
      s.type === "int"
        ? typeof v !== "number" || !Number.isInteger(v) || v < s.min || v > s.max
        : s.type === "enum"
          ? typeof v !== "string" || !s.values.includes(v)
          : typeof v !== "boolean";
    if (bad) {
      const expected =
        s.type === "int"
          ? `an integer in ${s.min}..${s.max}`
          : s.type === "enum"
            ? s.values.join(" | ")
            : "true | false";
      throw new TunixError("E_USAGE", {
        field: `options.${key}`,
        expected: `${expected} (generator "${generator}")`,
        found: describeValue(v),
      });
    }
    out[key] = v;
  }
  return out;
}

/** The `template` option if it fits this difficulty (else a usage error), or a random fitting one for "any". */
export function chooseTemplate(
  rng: Rng,
  generator: string,
  difficulty: number,
  option: string,
  fits: readonly string[],
): string {
  if (option === "any") return rng.pick(fits);
  if (!fits.includes(option)) {
    throw new TunixError("E_USAGE", {
      field: "options.template",
      expected: `${fits.join(" | ")} at difficulty ${difficulty} (generator "${generator}")`,
      found: JSON.stringify(option),
    });
  }
  return option;
}

/** Run `attempt` until it returns a value; a generator whose constraints cannot be met is a bug. */
export function retry<T>(what: string, attempt: () => T | null): T {
  for (let i = 0; i < 10_000; i++) {
    const v = attempt();
    if (v !== null) return v;
  }
  throw new Error(`${what}: no valid problem after 10000 attempts (constraints too tight)`);
}

function assertItem(name: string, item: SynthItem): void {
  const fail = (why: string) => {
    throw new Error(`generator ${name} (${item.template}): ${why}: ${JSON.stringify(item)}`);
  };
  if (item.steps.length !== item.difficulty)
    fail(`${item.steps.length} steps for difficulty ${item.difficulty}`);
  if (item.steps.some((s) => /answer:/i.test(s) || s.includes("\n") || s.trim() === ""))
    fail("bad step text");
  if (!item.answer.trim() || item.answer.includes("\n")) fail("bad answer");
  if (!item.prompt.trim()) fail("empty prompt");
}
