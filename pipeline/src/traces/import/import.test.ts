import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { deriveSource, importTraces } from "./import.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "../../../..");
const small = path.join(here, "fixtures", "gsm8k-small.jsonl");
const golden = path.join(here, "fixtures", "gsm8k-small.golden.jsonl");

function tempRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  mkdirSync(path.join(root, "traces"));
  return root;
}

function runCli(cwd: string, args: string[]) {
  const env = { ...process.env };
  delete env.TUNIX_RT_ROOT;
  const r = spawnSync(
    path.join(projectRoot, "node_modules/.bin/node"),
    [path.join(projectRoot, "pipeline/bin/tunix-rt.js"), "traces", "import", ...args],
    { cwd, env, encoding: "utf8" },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("importTraces, strict and lenient", () => {
  it("strict: one bad row writes nothing and names the row's line", async () => {
    const root = tempRepo();
    const out = "traces/fix/small.jsonl";
    const err = await importTraces(root, small, { format: "gsm8k", out, label: "small.jsonl" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).code).toBe("E_IMPORT");
    expect((err as TunixError).message.split("\n")[0]).toBe(
      "small.jsonl:3: answer: expected exactly one final line `#### <answer>`, found no `####` (the answer text must end with a line like `#### 72`)",
    );
    expect(existsSync(path.join(root, out))).toBe(false);

    // An existing out file is left byte for byte as it was.
    mkdirSync(path.join(root, "traces/fix"));
    const existing =
      '{"schemaVersion":1,"id":"other:1","answer":"2","prompt":"1+1?","source":"other","steps":[]}\n';
    writeFileSync(path.join(root, out), existing);
    await expect(importTraces(root, small, { format: "gsm8k", out })).rejects.toThrow(/:3: answer/);
    expect(readFileSync(path.join(root, out), "utf8")).toBe(existing);
  });

  it("lenient: writes the valid rows (pinned by a golden file) and reports the skipped one", async () => {
    const root = tempRepo();
    const out = "traces/fix/small.jsonl";
    const report = await importTraces(root, small, {
      format: "gsm8k",
      out,
      lenient: true,
      label: "small.jsonl",
    });
    expect(report).toMatchObject({ read: 4, imported: 3, duplicates: 0, skipped: 1, existing: 0, total: 3 });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ file: "small.jsonl", line: 3, field: "answer" });
    expect(readFileSync(path.join(root, out), "utf8")).toBe(readFileSync(golden, "utf8"));
  });

  it("re-import adds nothing; new rows are appended after the existing ones in input order", async () => {
    const root = tempRepo();
    const out = "traces/fix/small.jsonl";
    const input = path.join(root, "rows.jsonl");
    const rows = readFileSync(small, "utf8").split("\n");
    writeFileSync(input, `${rows[4]}\n${rows[0]}\n`);
    await importTraces(root, input, { format: "gsm8k", out, source: "fix/first" });
    const first = readFileSync(path.join(root, out), "utf8");

    const again = await importTraces(root, input, { format: "gsm8k", out, source: "fix/first" });
    expect(again).toMatchObject({ read: 2, imported: 0, duplicates: 2, written: false });
    expect(readFileSync(path.join(root, out), "utf8")).toBe(first);

    // The same content under another source (other ids) is a duplicate by content hash.
    const all = await importTraces(root, small, { format: "gsm8k", out, lenient: true });
    expect(all).toMatchObject({ read: 4, imported: 1, duplicates: 2, skipped: 1, existing: 2, total: 3 });
    const text = readFileSync(path.join(root, out), "utf8");
    expect(text.startsWith(first)).toBe(true);
    const traces = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; answer: string });
    expect(traces.map((t) => [t.id, t.answer])).toEqual([
      ["fix/first:0", "-8"],
      ["fix/first:1", "36"],
      ["fix/small:1", "1500"],
    ]);
  });

  it("a changed trace under an existing id is a conflict, not a silent replacement", async () => {
    const root = tempRepo();
    const out = "traces/fix/small.jsonl";
    await importTraces(root, small, { format: "gsm8k", out, lenient: true });
    const edited = readFileSync(path.join(root, out), "utf8").replace('"answer":"36"', '"answer":"37"');
    writeFileSync(path.join(root, out), edited);
    const err = await importTraces(root, small, { format: "gsm8k", out, lenient: false }).catch(
      (e: unknown) => e,
    );
    expect((err as TunixError).message).toContain(
      `fix/small:0", already used with different content at ${out}:1`,
    );
    expect(readFileSync(path.join(root, out), "utf8")).toBe(edited);
  });

  it("refuses an out file that holds invalid traces", async () => {
    const root = tempRepo();
    const out = "traces/fix/small.jsonl";
    mkdirSync(path.join(root, "traces/fix"), { recursive: true });
    writeFileSync(path.join(root, out), '{"id":"x"}\n');
    await expect(importTraces(root, small, { format: "gsm8k", out, lenient: true })).rejects.toMatchObject({
      code: "E_SCHEMA",
    });
  });

  it.each([
    [{ format: "csv", out: "traces/a/b.jsonl" }, "--format"],
    [{ format: "gsm8k", out: "data/b.jsonl" }, "--out"],
    [{ format: "gsm8k", out: "traces/a/b.json" }, "--out"],
    [{ format: "gsm8k", out: "traces/a/b.jsonl", source: "Bad Source" }, "--source"],
    [{ format: "gsm8k", out: "traces/a/b.jsonl", map: "prompt=q" }, "--map"],
  ])("rejects bad options %j as usage errors", async (opts, field) => {
    const root = tempRepo();
    await expect(importTraces(root, small, opts)).rejects.toMatchObject({
      code: "E_USAGE",
      problems: [expect.objectContaining({ field })],
    });
  });

  it("names a missing input file", async () => {
    await expect(
      importTraces(tempRepo(), "nope.jsonl", { format: "gsm8k", out: "traces/a/b.jsonl" }),
    ).rejects.toMatchObject({
      code: "E_NOT_FOUND",
      problems: [expect.objectContaining({ file: "nope.jsonl" })],
    });
  });

  it("derives the source from the out path", () => {
    expect(deriveSource("traces/gsm8k/train.jsonl")).toBe("gsm8k/train");
    expect(deriveSource("traces/My Data/Part 1.jsonl")).toBe("my-data/part-1");
  });
});

describe("tunix-rt traces import (subprocess)", () => {
  it("strict exits 1 and writes nothing; --lenient --json exits 0 with the counts", () => {
    const root = tempRepo();
    const strict = runCli(root, [small, "--format", "gsm8k", "--out", "traces/fix/small.jsonl"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${small}:3: answer: expected exactly one final line`);
    expect(strict.stderr).toContain("1 of 4 rows invalid; nothing written to traces/fix/small.jsonl");
    expect(existsSync(path.join(root, "traces/fix/small.jsonl"))).toBe(false);

    const lenient = runCli(root, [
      small,
      "--format",
      "gsm8k",
      "--out",
      "traces/fix/small.jsonl",
      "--lenient",
      "--json",
    ]);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ read: 4, imported: 3, duplicates: 0, skipped: 1 });
    expect(readFileSync(path.join(root, "traces/fix/small.jsonl"), "utf8")).toBe(
      readFileSync(golden, "utf8"),
    );

    const usage = runCli(root, [small, "--format", "gsm8k"]);
    expect(usage.code).toBe(2);
  });
});
