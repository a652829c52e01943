// Long text on the site: a trace at the size limits (a 7,000-character prompt, a 3,000-character step)
// and a 12,000-character generation are shown shortened to 2,000 characters, each page links to the
// whole text (the trace's raw record, the run's predictions.jsonl), and the raw record holds it all.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableStringify } from "../../pipeline/src/io/json.ts";
import { buildSite } from "./build-site.ts";
import { writeFixtureRepo } from "./fixture-repo.ts";

/** site/src/lib/long-text.ts rawTraceKey (the site's lib needs Astro's import.meta.env). */
const rawTraceKey = (id: string) => createHash("sha256").update(id).digest("hex").slice(0, 16);
let tmp: string;
let out: string;
let runId: string;
const prompt = `How many? ${"p".repeat(7_000)}`;
const step = `Step: ${"s".repeat(3_000)}`;
const output = `Answer: ${"o".repeat(12_000)}`;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-site-long-"));
  const root = path.join(tmp, "repo");
  mkdirSync(root);
  [runId] = (await writeFixtureRepo(root, { traces: 20, runs: 1, itemsPerRun: 20 })).runIds;
  mkdirSync(path.join(root, "traces/long"), { recursive: true });
  const trace = {
    schemaVersion: 1,
    id: "long-1",
    source: "long",
    prompt,
    steps: [{ text: step }],
    answer: "3",
  };
  writeFileSync(path.join(root, "traces/long/long.jsonl"), `${stableStringify(trace)}\n`);
  const file = path.join(root, "runs", runId, "predictions.jsonl");
  const rows = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  rows[0].output = output;
  writeFileSync(file, `${rows.map((r) => stableStringify(r)).join("\n")}\n`);
  out = path.join(tmp, "dist");
  await buildSite({ dataRoot: root, outDir: out });
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("long text", () => {
  it("a trace page shows 2,000 characters of each long text and links to the whole trace", () => {
    const pages = [1, 2].map((n) => {
      try {
        return readFileSync(path.join(out, "traces", String(n), "index.html"), "utf8");
      } catch {
        return "";
      }
    });
    const html = pages.find((h) => h.includes("long-1")) ?? "";
    expect(html).toContain(`How many? ${"p".repeat(1_990)}…`);
    expect(html).not.toContain("p".repeat(2_001));
    expect(html).not.toContain("s".repeat(2_001));
    expect(html).toContain(`href="/traces/raw/${rawTraceKey("long-1")}.json"`);
    const raw = JSON.parse(
      readFileSync(path.join(out, "traces/raw", `${rawTraceKey("long-1")}.json`), "utf8"),
    );
    expect(raw).toMatchObject({
      file: "traces/long/long.jsonl",
      line: 1,
      trace: { prompt, steps: [{ text: step }] },
    });
  });

  it("a run page shows 2,000 characters of a long generation and links to predictions.jsonl", () => {
    const html = readFileSync(path.join(out, "runs", runId, "index.html"), "utf8");
    expect(html).toContain(`Answer: ${"o".repeat(1_992)}…`);
    expect(html).not.toContain("o".repeat(2_001));
    expect(html).toContain(`href="/runs/${runId}/files/predictions.jsonl">whole text: predictions.jsonl`);
  });
});
