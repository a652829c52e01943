import { describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { createRng } from "../../random.ts";
import { TRACE_ID, Trace } from "../../schemas/trace.ts";
import { renderTraces } from "./files.ts";
import { GENERATORS, getGenerator } from "./registry.ts";
import { adhocSet, type SynthSet, synthesize } from "./synthesize.ts";

const mixed = (seed: number): SynthSet => ({
  name: "mix",
  seed,
  tags: ["t"],
  parts: Object.keys(GENERATORS).map((family) => ({ family, counts: { 1: 4, 2: 4, 3: 4 } })),
});

describe("synthesize", () => {
  it("gives identical bytes for the same seed and different bytes for another", () => {
    const a = renderTraces(synthesize(mixed(1)));
    expect(renderTraces(synthesize(mixed(1)))).toBe(a);
    expect(renderTraces(synthesize(mixed(2)))).not.toBe(a);
  });

  it("writes schema-valid traces with unique sorted ids, sources and difficulty = steps", () => {
    const traces = synthesize(mixed(3));
    expect(traces).toHaveLength(Object.keys(GENERATORS).length * 12);
    expect(new Set(traces.map((t) => t.id)).size).toBe(traces.length);
    expect(traces.map((t) => t.id)).toEqual([...traces.map((t) => t.id)].sort());
    for (const t of traces) {
      expect(Trace.safeParse(t).success).toBe(true);
      expect(t.id).toMatch(/^synth:mix:\d{5}$/);
      expect(t.id).toMatch(TRACE_ID);
      expect(t.source).toBe(`synthetic/${(t.source ?? "").split("/")[1]}`);
      expect(Object.keys(GENERATORS)).toContain(t.source.split("/")[1]);
      expect(t.difficulty).toBe(t.steps.length);
      expect(t.tags).toContain("t");
      expect(t.meta?.template).toEqual(expect.any(String));
    }
  });

  it("never repeats a prompt, inside a set or across sets sharing `seenPrompts`", () => {
    const seen = new Set<string>();
    const set = (name: string): SynthSet => ({
      name,
      seed: 1,
      parts: [{ family: "weekday", counts: { 1: 30 } }],
    });
    const a = synthesize(set("a"), seen);
    const b = synthesize(set("b"), seen);
    const prompts = [...a, ...b].map((t) => t.prompt);
    expect(new Set(prompts).size).toBe(60);
  });

  it("fails loudly when the options cannot give enough different prompts", () => {
    const tiny: SynthSet = {
      name: "tiny",
      seed: 1,
      parts: [{ family: "carries", counts: { 1: 400 }, options: { template: "add" } }],
    };
    expect(() => synthesize(tiny)).toThrow(/different prompts/);
  });

  it("tags edge-case styles and keeps part RNGs independent", () => {
    const t = synthesize({
      name: "e",
      seed: 1,
      parts: [{ family: "totals", counts: { 2: 3 }, options: { style: "long" } }],
    });
    expect(t.every((x) => x.tags?.includes("long-prompt") && x.prompt.length > 200)).toBe(true);
    const one = synthesize({ name: "p", seed: 1, parts: [{ family: "totals", counts: { 1: 5 } }] });
    const two = synthesize({
      name: "p",
      seed: 1,
      parts: [
        { family: "totals", counts: { 1: 5 } },
        { family: "logic", counts: { 1: 5 } },
      ],
    });
    expect(two.slice(0, 5).map((x) => x.prompt)).toEqual(one.map((x) => x.prompt));
  });

  it("spreads ad-hoc counts over difficulties and names the set by family and seed", () => {
    const set = adhocSet("clock", 11, 9, [1, 3]);
    expect(set.name).toBe("clock-s9");
    expect(set.parts[0].counts).toEqual({ 1: 6, 3: 5 });
    expect(adhocSet("totals", 6, 1).parts[0].counts).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1 });
    expect(() => adhocSet("clock", 3, 1, [6])).toThrow(TunixError);
    expect(() => synthesize({ name: "Bad Name", seed: 1, parts: [] })).toThrow(/set name/);
  });
});

describe("GENERATORS", () => {
  it("is frozen, keyed by each generator's own name, with categories, difficulties 1.. and option defaults", () => {
    expect(Object.isFrozen(GENERATORS)).toBe(true);
    for (const [key, g] of Object.entries(GENERATORS)) {
      expect(g.name).toBe(key);
      expect(g.description.length).toBeGreaterThan(10);
      expect(g.categories.length).toBeGreaterThan(0);
      expect(g.difficulties[0]).toBe(1);
      expect(Math.max(...g.difficulties)).toBeGreaterThanOrEqual(4);
      expect(g.options.style).toBeDefined();
      for (const d of g.difficulties) {
        const item = g.generate(getRng(d), d);
        expect(g.categories).toContain(item.category);
        expect(item.steps.some((s) => /answer:/i.test(s))).toBe(false);
      }
    }
    expect(() => getGenerator("nope")).toThrow(/family/);
  });

  it("has at least two non-numeric families, whose answers are words or times", () => {
    const nonNumeric = Object.values(GENERATORS).filter((g) =>
      g.categories.every((c) => !c.startsWith("arithmetic/")),
    );
    expect(nonNumeric.length).toBeGreaterThanOrEqual(2);
    for (const name of ["weekday", "clock", "logic"]) {
      const item = getGenerator(name).generate(getRng(2), 2);
      expect(item.answer).not.toMatch(/^\d+$/);
    }
  });
});

const getRng = (d: number) => createRng(d);
