// The manifest's `filters`, as one predicate over a trace. Every filter given must hold; a range
// filter drops traces that lack the field (no difficulty → not in `difficulty: {min: 2}`).
//
//   const keep = compileFilters(manifest.filters);
//   if (keep(trace)) …
import type { DatasetFilters } from "../schemas/dataset.ts";
import type { Trace } from "../schemas/trace.ts";
import { countChars } from "./render.ts";

export type TracePredicate = (t: Trace) => boolean;

interface Range {
  min?: number;
  max?: number;
}

export function compileFilters(f: DatasetFilters): TracePredicate {
  const tests: TracePredicate[] = [];
  if (f.source) {
    const sources = new Set(f.source);
    tests.push((t) => sources.has(t.source));
  }
  if (f.category) {
    const cats = f.category;
    tests.push((t) => t.category !== undefined && cats.some((c) => inCategory(t.category as string, c)));
  }
  if (f.difficulty) {
    const r = f.difficulty;
    tests.push((t) => t.difficulty !== undefined && inRange(t.difficulty, r));
  }
  if (f.steps) {
    const r = f.steps;
    tests.push((t) => inRange(t.steps.length, r));
  }
  if (f.promptChars) {
    const r = f.promptChars;
    tests.push((t) => inRange(countChars(t.prompt), r));
  }
  if (f.tagsAny) {
    const any = f.tagsAny;
    tests.push((t) => (t.tags ?? []).some((tag) => any.includes(tag)));
  }
  if (f.tagsAll) {
    const all = f.tagsAll;
    tests.push((t) => all.every((tag) => (t.tags ?? []).includes(tag)));
  }
  if (f.tagsNone) {
    const none = f.tagsNone;
    tests.push((t) => !(t.tags ?? []).some((tag) => none.includes(tag)));
  }
  return (t) => tests.every((test) => test(t));
}

/** `arithmetic/rates` is in `arithmetic` and in `arithmetic/rates`, not in `arith`. */
export function inCategory(category: string, wanted: string): boolean {
  return category === wanted || category.startsWith(`${wanted}/`);
}

function inRange(v: number, r: Range): boolean {
  return (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
}
