// The public entry: package.json's `exports["."]` resolves to it (the package imports itself by
// name), and every name it lists is defined — a renamed or removed function fails here, not in a
// user's script.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("the public entry (tunix-rt)", () => {
  it("is what package.json exports, and every export is defined", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(pkg.exports["."]).toBe("./pipeline/src/index.ts");
    const lib = await import("tunix-rt");
    const local = await import("./index.ts");
    expect(Object.keys(lib).sort()).toEqual(Object.keys(local).sort());
    const undefinedNames = Object.entries(lib)
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
    expect(undefinedNames).toEqual([]);
    expect(Object.keys(lib).length).toBeGreaterThan(30);
  });

  it("works end to end on a small example: a comparison through the entry", async () => {
    const { compareRuns, formatComparisonMarkdown, RunConfig } = await import("tunix-rt");
    const config = RunConfig.parse({ schemaVersion: 1, dataset: { name: "demo" } });
    const item = (id: string, correct: boolean) => ({
      id,
      prompt: "p",
      output: "o",
      finishReason: "stop" as const,
      gold: "1",
      source: "s",
      verdicts: { "answer-correctness@1": { correct, extracted: "1", rule: "r", comparison: "text" } },
    });
    const c = compareRuns(
      [
        { id: "a", config, items: [item("q1", true), item("q2", false)] },
        { id: "b", config, items: [item("q1", true), item("q2", true)] },
      ],
      "answer-correctness@1",
    );
    expect(c.pairs[0]).toMatchObject({ common: 2, fixed: 1, broken: 0 });
    expect(formatComparisonMarkdown(c)[0]).toBe("### Comparison under `answer-correctness@1`");
  });
});
