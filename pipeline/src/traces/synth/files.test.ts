import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tracesSynthCommand } from "../../cli/traces-synth.ts";
import { TunixError } from "../../errors.ts";
import { Trace } from "../../schemas/trace.ts";
import { checkClaims } from "./claims.ts";
import { checkPlan, renderPlan, writePlan } from "./files.ts";
import { SYNTH_DIR, SYNTH_PLAN } from "./plan.ts";
import type { SynthSet } from "./synthesize.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Steps without arithmetic, in the forms the families write (each family's test proves them true).
const WORD_STEPS = [
  /^\w+ [+-] \d+ days? = \w+$/, // weekday
  /^(Smallest|Largest|Oldest|Youngest|Tallest|Shortest) of .+ is .+$/, // ordering
  /^\w+ to \w+: .+, .+$/, // logic
];

describe("SYNTH_PLAN files", () => {
  const files = renderPlan();
  const all = files.flatMap((f) => f.traces);
  const demo = all.filter((t) => t.tags?.includes("demo"));

  // The demo needs many distinct easy examples (a tiny model memorises a small set): ~9,400 traces, < 4 MB.
  it("is frozen and writes some thousands of schema-valid traces in under 4 MB", () => {
    expect(Object.isFrozen(SYNTH_PLAN) && Object.isFrozen(SYNTH_PLAN[0].parts[0].counts)).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(4000);
    expect(all.length).toBeLessThanOrEqual(10_000);
    expect(files.reduce((s, f) => s + Buffer.byteLength(f.text), 0)).toBeLessThan(4_000_000);
    for (const t of all) expect(Trace.safeParse(t).success).toBe(true);
  });

  it("has unique ids and no repeated prompt across all files", () => {
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    expect(new Set(all.map((t) => t.prompt)).size).toBe(all.length);
    for (const f of files)
      expect(f.traces.every((t) => t.id.startsWith(`synth:${path.basename(f.file, ".jsonl")}:`))).toBe(true);
  });

  it("proves every arithmetic step and recognises every other step", () => {
    for (const t of all) {
      for (const { text } of t.steps) {
        const claims = checkClaims(text);
        expect(
          claims.filter((c) => !c.ok),
          `${t.id}: ${text}`,
        ).toEqual([]);
        if (claims.length === 0)
          expect(
            WORD_STEPS.some((re) => re.test(text)),
            `${t.id}: ${text}`,
          ).toBe(true);
        expect(text).not.toMatch(/answer:/i);
      }
      if (/^arithmetic\/(totals|rates|percent|unit-price)$/.test(t.category ?? "")) {
        expect(t.steps.at(-1)!.text.endsWith(`= ${t.answer}`), t.id).toBe(true);
      }
    }
  });

  it("covers every family at every difficulty, and keeps numeric prompts short outside the edge set", () => {
    for (const set of SYNTH_PLAN.filter((s) => !s.name.startsWith("demo-") && s.name !== "edge")) {
      const traces = files.find((f) => f.file === `${SYNTH_DIR}/${set.name}.jsonl`)!.traces;
      const ds = traces.map((t) => t.difficulty ?? 0);
      expect(Math.min(...ds)).toBe(1);
      expect(Math.max(...ds)).toBeGreaterThanOrEqual(5);
      if (traces[0].category?.startsWith("arithmetic/")) {
        expect(Math.max(...traces.map((t) => t.prompt.length))).toBeLessThanOrEqual(230);
      }
    }
    const edge = all.filter((t) => t.tags?.includes("edge"));
    for (const tag of ["unicode", "long-prompt", "punctuation"])
      expect(edge.some((t) => t.tags?.includes(tag))).toBe(true);
    expect(
      edge.some(
        (t) => /[^\u0000-\u00ff]/.test(t.prompt) && /[^\u0000-\uffff]|[\u{1F300}-\u{1FAFF}]/u.test(t.prompt),
      ),
    ).toBe(true);
  });

  it("has a demo mix of 2,000+ short traces, more than half needing two or more steps", () => {
    expect(demo.length).toBeGreaterThanOrEqual(2000);
    expect(demo.filter((t) => t.steps.length >= 2).length / demo.length).toBeGreaterThanOrEqual(0.55);
    expect(all.filter((t) => t.id.startsWith("synth:demo-")).length).toBe(demo.length);
    for (const t of demo) {
      expect(t.prompt.length).toBeLessThanOrEqual(120);
      for (const { text } of t.steps) expect(text.length).toBeLessThanOrEqual(60);
    }
  });

  it("matches the committed files (the CLI's --check, run as a subprocess)", () => {
    const res = spawnSync(
      process.execPath,
      [path.join(ROOT, "pipeline/bin/tunix-rt.js"), "traces", "synth", "--check"],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, TUNIX_RT_ROOT: ROOT },
      },
    );
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(res.stdout).toContain("every file matches SYNTH_PLAN");
  });
});

describe("checkPlan and the command", () => {
  const small: SynthSet[] = [
    { name: "a", seed: 1, parts: [{ family: "totals", counts: { 1: 3 } }] },
    { name: "b", seed: 2, parts: [{ family: "clock", counts: { 2: 3 } }] },
  ];

  it("names each file that differs, is missing or is extra", () => {
    const root = path.join(tmp, "check");
    writePlan(root, small);
    expect(checkPlan(root, small).map((s) => s.status)).toEqual(["same", "same"]);
    const a = path.join(root, SYNTH_DIR, "a.jsonl");
    writeFileSync(a, readFileSync(a, "utf8").replace("\n", "\n\n"));
    unlinkSync(path.join(root, SYNTH_DIR, "b.jsonl"));
    writeFileSync(path.join(root, SYNTH_DIR, "old.jsonl"), "");
    expect(checkPlan(root, small)).toEqual([
      { file: "traces/synthetic/a.jsonl", status: "differs" },
      { file: "traces/synthetic/b.jsonl", status: "missing" },
      { file: "traces/synthetic/old.jsonl", status: "extra" },
    ]);
  });

  it("generates ad hoc into a file, reports counts as JSON, and refuses mixed modes", async () => {
    const lines: string[] = [];
    const ctx = (opts: Record<string, unknown>) => ({
      args: [],
      opts: opts as never,
      root: tmp,
      tty: false,
      out: (s: string) => lines.push(s),
      err: () => {},
    });
    const out = path.join(tmp, "adhoc.jsonl");
    const opts = {
      family: "weekday",
      count: "7",
      seed: "3",
      difficulty: "1-2",
      option: ["maxDays=20"],
      out,
      json: true,
    };
    expect(await tracesSynthCommand.run(ctx(opts))).toBe(0);
    expect(JSON.parse(lines[0]).files[0]).toMatchObject({ traces: 7 });
    const rows = readFileSync(out, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(
      Array.from({ length: 7 }, (_, i) => `synth:weekday-s3:0000${i + 1}`),
    );
    expect(rows.every((r) => r.difficulty <= 2 && r.source === "synthetic/weekday")).toBe(true);
    await expect(async () =>
      tracesSynthCommand.run(ctx({ check: true, family: "totals", count: "1", seed: "1" })),
    ).rejects.toThrow(TunixError);
    await expect(async () =>
      tracesSynthCommand.run(ctx({ family: "totals", count: "0", seed: "1" })),
    ).rejects.toThrow(/--count/);
    await expect(async () =>
      tracesSynthCommand.run(ctx({ family: "totals", count: "2", seed: "1", difficulty: "3-1" })),
    ).rejects.toThrow(/--difficulty/);
  });

  it("lists the generators", async () => {
    const lines: string[] = [];
    await tracesSynthCommand.run({
      args: [],
      opts: { list: true, json: true },
      root: tmp,
      tty: false,
      out: (s) => lines.push(s),
      err: () => {},
    });
    const list = JSON.parse(lines[0]) as { name: string; options: Record<string, unknown> }[];
    expect(list.map((g) => g.name)).toContain("unit-price");
    expect(Object.keys(list.find((g) => g.name === "totals")!.options)).toEqual([
      "maxOperand",
      "maxTotal",
      "template",
      "style",
    ]);
    expect(existsSync(path.join(tmp, SYNTH_DIR))).toBe(false);
  });
});
