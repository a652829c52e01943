// Turns a synth set (a name, a seed, and parts of family × difficulty counts × options) into Trace
// objects: ids `synth:<set>:<nnnnn>`, source `synthetic/<family>`, difficulty = number of steps.
// Each part has its own RNG (seeded from the set seed, set name, part index and family), so editing
// one part leaves the others' problems unchanged. No prompt repeats: a generated prompt already
// seen (in this set or in any set given the same `seenPrompts`) is drawn again.
//
//   const traces = synthesize({ name: "totals", seed: 1, parts: [{ family: "totals", counts: { 1: 10, 2: 10 } }] });
import { TunixError } from "../../errors.ts";
import { createRng, deriveSeed } from "../../random.ts";
import { Trace } from "../../schemas/trace.ts";
import type { Options } from "./generator.ts";
import { getGenerator } from "./registry.ts";

export interface SynthPart {
  family: string;
  /** Difficulty (= number of steps) → how many traces. */
  counts: Readonly<Record<number, number>>;
  /** Generator options; defaults where absent. */
  options?: Readonly<Options>;
}

export interface SynthSet {
  /** Names the file `traces/synthetic/<name>.jsonl` and prefixes ids `synth:<name>:`. */
  name: string;
  seed: number;
  /** Tags given to every trace of the set (e.g. `demo`). */
  tags?: readonly string[];
  parts: readonly SynthPart[];
}

/** Tag added for a non-plain `style` option. */
const STYLE_TAGS: Record<string, string> = { unicode: "unicode", long: "long-prompt", punct: "punctuation" };
const ID_DIGITS = 5;
const MAX_REDRAWS = 2000;

export function synthesize(set: SynthSet, seenPrompts: Set<string> = new Set()): Trace[] {
  if (!/^[a-z0-9][a-z0-9._-]{0,80}$/.test(set.name)) {
    throw new TunixError("E_USAGE", {
      field: "name",
      expected: "a set name of lower-case letters, digits and . _ -",
      found: JSON.stringify(set.name),
    });
  }
  const traces: Trace[] = [];
  set.parts.forEach((part, partIndex) => {
    const gen = getGenerator(part.family);
    const rng = createRng(deriveSeed(set.seed, set.name, partIndex, part.family));
    const options = part.options ?? {};
    const style = typeof options.style === "string" ? STYLE_TAGS[options.style] : undefined;
    const difficulties = Object.keys(part.counts)
      .map(Number)
      .sort((a, b) => a - b);
    for (const difficulty of difficulties) {
      for (let i = 0; i < part.counts[difficulty]; i++) {
        let item = gen.generate(rng, difficulty, options);
        for (let redraw = 0; seenPrompts.has(item.prompt); redraw++) {
          if (redraw === MAX_REDRAWS) {
            throw new TunixError("E_STATE", {
              field: `${set.name}.parts.${partIndex}.counts.${difficulty}`,
              expected: `${part.counts[difficulty]} different prompts from generator "${part.family}"`,
              found: `only ${i} after ${MAX_REDRAWS} redraws`,
              hint: "lower the count or widen the options (larger number ranges)",
            });
          }
          item = gen.generate(rng, difficulty, options);
        }
        seenPrompts.add(item.prompt);
        const tags = [
          ...new Set([...(set.tags ?? []), ...(item.tags ?? []), ...(style ? [style] : [])]),
        ].sort();
        traces.push({
          schemaVersion: 1,
          id: `synth:${set.name}:${String(traces.length + 1).padStart(ID_DIGITS, "0")}`,
          source: `synthetic/${part.family}`,
          prompt: item.prompt,
          steps: item.steps.map((text) => ({ text })),
          answer: item.answer,
          category: item.category,
          difficulty: item.difficulty,
          tags: tags.length ? tags : undefined,
          meta: { template: item.template },
        });
      }
    }
  });
  if (traces.length >= 10 ** ID_DIGITS) {
    throw new TunixError("E_USAGE", {
      field: `${set.name}`,
      expected: `< ${10 ** ID_DIGITS} traces`,
      found: String(traces.length),
    });
  }
  for (const t of traces) {
    const parsed = Trace.safeParse(t);
    if (!parsed.success)
      throw new Error(`synthesize: ${t.id} breaks the Trace schema: ${parsed.error.message}`);
  }
  return traces.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * One set for ad-hoc generation: `count` traces spread evenly over `difficulties` (lowest first).
 * Named `<family>-s<seed>` unless `name` is given, so its ids differ from the committed plan's.
 */
export function adhocSet(
  family: string,
  count: number,
  seed: number,
  difficulties?: readonly number[],
  options?: Options,
  name = `${family}-s${seed}`,
): SynthSet {
  const gen = getGenerator(family);
  const ds = difficulties?.length ? [...new Set(difficulties)].sort((a, b) => a - b) : gen.difficulties;
  for (const d of ds) {
    if (!gen.difficulties.includes(d)) {
      throw new TunixError("E_USAGE", {
        field: "difficulty",
        expected: `one of ${gen.difficulties.join(", ")} for generator "${family}"`,
        found: String(d),
      });
    }
  }
  const counts: Record<number, number> = {};
  ds.forEach((d, i) => {
    counts[d] = Math.floor(count / ds.length) + (i < count % ds.length ? 1 : 0);
  });
  return { name, seed, parts: [{ family, counts, options }] };
}
