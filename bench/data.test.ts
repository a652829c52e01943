import { expect, it } from "vitest";
import { bench } from "./data.ts";
import { formatTable } from "./run.ts";
import { generateTraceLines } from "./trace-gen.ts";

it("generates the same varied, schema-shaped traces for a seed", () => {
  const a = [...generateTraceLines({ seed: 7, count: 500 })];
  expect([...generateTraceLines({ seed: 7, count: 500 })]).toEqual(a);
  expect([...generateTraceLines({ seed: 8, count: 500 })]).not.toEqual(a);
  const traces = a.map((l) => JSON.parse(l));
  expect(new Set(traces.map((t) => t.id)).size).toBe(500);
  expect(new Set(traces.map((t) => t.category)).size).toBeGreaterThan(2);
  const bytes = a.reduce((s, l) => s + l.length + 1, 0) / a.length;
  expect(bytes).toBeGreaterThan(250);
  expect(bytes).toBeLessThan(400);
});

it("formats rows as an aligned table", () => {
  expect(
    formatTable([
      { step: "validate", seconds: 2.5, "traces/s": 400000 },
      { step: "build", seconds: 10 },
    ]),
  ).toMatchInlineSnapshot(`
    "step      seconds  traces/s
    --------  -------  --------
    validate      2.5   400,000
    build          10"
  `);
});

it("the data benchmark runs validate and dataset build over generated traces", async () => {
  const logs: string[] = [];
  const { rows, json } = await bench.run({
    args: ["--traces", "3000", "--files", "2"],
    log: (l) => logs.push(l),
  });
  expect(rows.map((r) => r.step)).toEqual([
    "generate (in process)",
    "validate traces",
    "dataset build (stratified)",
    "validate (all, lock check)",
  ]);
  expect(json).toMatchObject({ traces: 3000, files: 2 });
  for (const key of ["validate_traces_per_s", "validate_peak_rss_mb", "build_seconds", "build_peak_rss_mb"])
    expect(json[key]).toBeGreaterThan(0);
  expect(typeof json.pass).toBe("boolean");
});
