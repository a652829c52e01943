// SYNTH_PLAN: the spec of the committed synthetic traces. One set = one file
// `traces/synthetic/<name>.jsonl`; `tunix-rt traces synth` writes them all, `--check` proves the
// committed files equal a fresh run. Counts are per difficulty (= number of steps).
//
// Three groups:
//   <family>       one file per generator, every difficulty, default options (moderate numbers)
//   edge           unicode names and currencies, long prompts with filler, heavy punctuation
//   demo-<family>  tag `demo`: easy settings (one-digit operands, short lists, few templates) for
//                  the tiny CPU model; about 57% of these need two or more steps. demo-totals is the
//                  largest (4,800): a tiny model learns one family with many distinct examples best.
//
// Changing a count, seed or option changes the files: rerun `tunix-rt traces synth` and commit them.
// Sets are generated in this order and no prompt repeats across the whole plan.
import type { SynthSet } from "./synthesize.ts";

export const SYNTH_DIR = "traces/synthetic";

const each = (ds: readonly number[], n: number): Record<number, number> =>
  Object.fromEntries(ds.map((d) => [d, n]));
const D6 = [1, 2, 3, 4, 5, 6];
const D5 = [1, 2, 3, 4, 5];
/** One-digit operands and running totals up to 20: few arithmetic facts for a tiny model to learn. */
const EASY_TOTALS = { maxOperand: 9, maxTotal: 20 };

const PLAN: SynthSet[] = [
  { name: "totals", seed: 101, parts: [{ family: "totals", counts: each(D6, 60) }] },
  { name: "rates", seed: 102, parts: [{ family: "rates", counts: each(D6, 45) }] },
  { name: "percent", seed: 103, parts: [{ family: "percent", counts: each(D5, 45) }] },
  {
    name: "unit-price",
    seed: 104,
    parts: [
      { family: "unit-price", counts: each(D6, 35) },
      { family: "unit-price", counts: each(D6, 15), options: { decimals: true } },
    ],
  },
  { name: "carries", seed: 105, parts: [{ family: "carries", counts: each(D6, 45) }] },
  {
    name: "weekday",
    seed: 106,
    parts: [{ family: "weekday", counts: { 1: 40, 2: 45, 3: 40, 4: 40, 5: 40, 6: 40 } }],
  },
  { name: "clock", seed: 107, parts: [{ family: "clock", counts: each(D5, 40) }] },
  { name: "ordering", seed: 108, parts: [{ family: "ordering", counts: each(D6, 45) }] },
  { name: "logic", seed: 109, parts: [{ family: "logic", counts: each(D6, 40) }] },
  {
    name: "edge",
    seed: 110,
    tags: ["edge"],
    parts: [
      { family: "totals", counts: each(D6, 5), options: { style: "unicode" } },
      { family: "unit-price", counts: each(D6, 5), options: { style: "unicode" } },
      { family: "unit-price", counts: each([1, 2, 3], 5), options: { style: "unicode", decimals: true } },
      { family: "carries", counts: each([2, 3, 4], 5), options: { style: "unicode" } },
      { family: "logic", counts: each([2, 3, 4], 5), options: { style: "unicode" } },
      { family: "ordering", counts: each([1, 2, 3], 5), options: { style: "unicode", template: "people" } },
      { family: "totals", counts: each(D6, 5), options: { style: "long" } },
      { family: "percent", counts: each(D5, 4), options: { style: "long" } },
      { family: "rates", counts: each(D6, 4), options: { style: "long" } },
      { family: "weekday", counts: each([2, 3, 4], 5), options: { style: "long" } },
      { family: "clock", counts: each([1, 3, 5], 5), options: { style: "long" } },
      { family: "unit-price", counts: each(D6, 5), options: { style: "punct" } },
      { family: "logic", counts: each([1, 2, 3], 5), options: { style: "punct" } },
      { family: "totals", counts: each([1, 2, 3], 5), options: { style: "punct" } },
      { family: "clock", counts: each([1, 2, 3], 5), options: { style: "punct" } },
      { family: "weekday", counts: each([1, 2, 3], 5), options: { style: "punct" } },
    ],
  },
  {
    name: "demo-totals",
    seed: 201,
    tags: ["demo"],
    parts: [
      {
        family: "totals",
        counts: { 1: 1200, 2: 2000, 3: 700 },
        options: { ...EASY_TOTALS, template: "events" },
      },
      { family: "totals", counts: { 1: 400, 2: 500 }, options: { ...EASY_TOTALS, template: "group" } },
    ],
  },
  {
    name: "demo-unit-price",
    seed: 202,
    tags: ["demo"],
    parts: [
      { family: "unit-price", counts: { 1: 300 }, options: { maxCount: 9, maxPrice: 9, template: "cost" } },
      { family: "unit-price", counts: { 2: 300 }, options: { maxCount: 9, maxPrice: 9, template: "scale" } },
    ],
  },
  {
    name: "demo-weekday",
    seed: 203,
    tags: ["demo"],
    parts: [{ family: "weekday", counts: { 1: 70, 2: 180 }, options: { maxDays: 30 } }],
  },
  {
    name: "demo-ordering",
    seed: 204,
    tags: ["demo"],
    parts: [{ family: "ordering", counts: { 1: 300, 2: 300 }, options: { maxValue: 20, template: "kth" } }],
  },
  {
    name: "demo-logic",
    seed: 205,
    tags: ["demo"],
    parts: [{ family: "logic", counts: { 1: 250, 2: 250 } }],
  },
];

export const SYNTH_PLAN: readonly SynthSet[] = deepFreeze(PLAN);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
