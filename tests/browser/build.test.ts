// The site build itself: a broken data file fails the build with the validator's message (never an
// empty page), and TUNIX_RT_BASE puts every link under a GitHub Pages project path.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "./build-site.ts";
import { writeFixtureRepo } from "./fixture-repo.ts";

let tmp: string;
let dataRoot: string;
let runIds: string[];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-site-build-"));
  dataRoot = path.join(tmp, "repo");
  mkdirSync(dataRoot);
  ({ runIds } = await writeFixtureRepo(dataRoot, { traces: 120, runs: 2, itemsPerRun: 20 }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("site build", () => {
  it("puts every link under TUNIX_RT_BASE", async () => {
    const out = path.join(tmp, "dist-base");
    await buildSite({ dataRoot, outDir: out, base: "/tunix-rt/" });
    const html = readFileSync(path.join(out, "index.html"), "utf8");
    const hrefs = [...html.matchAll(/(?:href|src)="([^"#]+)"/g)]
      .map((m) => m[1])
      .filter((h) => h.startsWith("/"));
    expect(hrefs.length).toBeGreaterThan(5);
    expect(hrefs.filter((h) => !h.startsWith("/tunix-rt/"))).toEqual([]);
    expect(html).toContain(`href="/tunix-rt/runs/${runIds[0]}/"`);
    expect(readFileSync(path.join(out, "runs", runIds[0], "files", "run.json"), "utf8")).toBe(
      readFileSync(path.join(dataRoot, "runs", runIds[0], "run.json"), "utf8"),
    );
  });

  it("fails with file, line, field, expected and found when a run file is broken", async () => {
    const file = path.join(dataRoot, "runs", runIds[1], "verdicts.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[2] = lines[2].replace(/"correct":(true|false)/, '"correct":"maybe"');
    writeFileSync(file, lines.join("\n"));
    await expect(buildSite({ dataRoot, outDir: path.join(tmp, "dist-broken") })).rejects.toThrow(
      new RegExp(`runs/${runIds[1]}/verdicts.jsonl:3: correct: expected boolean, found "maybe"`),
    );
  });

  it("fails with the trace file and line when a trace is broken", async () => {
    const file = path.join(dataRoot, "runs", runIds[1], "verdicts.jsonl");
    writeFileSync(file, readFileSync(file, "utf8").replace('"correct":"maybe"', '"correct":true'));
    writeFileSync(
      path.join(dataRoot, "traces/fixture/bad.jsonl"),
      '{"schemaVersion":1,"id":"bad-1","source":"x","prompt":"","steps":[],"answer":"1"}\n',
    );
    await expect(buildSite({ dataRoot, outDir: path.join(tmp, "dist-broken2") })).rejects.toThrow(
      /traces\/fixture\/bad.jsonl:1: prompt: /,
    );
  });
});
