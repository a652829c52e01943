import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import type { TunixError } from "../errors.ts";
import { writeDatasetLock } from "./build.ts";
import { diffDataset, diffVersions } from "./diff.ts";
import { escapeMarkdown, formatDiffMarkdown } from "./diff-markdown.ts";
import { makeRepo, manifestYaml, removeRepos, trace, traceLines, writeFiles } from "./test-kit.ts";

afterAll(removeRepos);

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};
const git = (root: string, ...args: string[]) =>
  execFileSync("git", args, { cwd: root, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const base = Array.from({ length: 20 }, (_, i) =>
  trace(`d-${String(i).padStart(2, "0")}`, { source: "test/a" }),
);
const manifest = (seed: number) =>
  manifestYaml("d", `sources: [traces/*.jsonl]\nseed: ${seed}\nsplit: {ratios: {train: 0.8, eval: 0.2}}`);

/** A git repo: commit 1 has dataset d over 20 traces; the work tree adds 5 traces of another source. */
async function twoVersions() {
  const root = makeRepo({ "traces/a.jsonl": traceLines(base), "datasets/d.yaml": manifest(1) });
  git(root, "init", "-q", "-b", "main");
  await writeDatasetLock(root, "d");
  git(root, "add", ".");
  git(root, "commit", "-q", "-m", "one");
  const more = Array.from({ length: 5 }, (_, i) =>
    trace(`n-${i}`, { source: "test/b", category: "x|<b>@team" }),
  );
  writeFiles(root, { "traces/b.jsonl": traceLines(more) });
  await writeDatasetLock(root, "d");
  git(root, "add", ".");
  git(root, "commit", "-q", "-m", "two");
  return root;
}

describe("diffDataset", () => {
  it("compares the lock on disk with the lock at a revision", async () => {
    const root = await twoVersions();
    const d = await diffDataset(root, "d", "HEAD~1");
    const total = (k: "added" | "removed") => d.splits.reduce((n, s) => n + s[k].length, 0);
    expect(total("added") - total("removed")).toBe(5);
    expect(d.splits.map((s) => [s.split, s.base, s.head])).toEqual([
      ["eval", 4, 5],
      ["train", 16, 20],
    ]);
    for (const s of d.splits) expect(s.head - s.base).toBe(s.added.length - s.removed.length);
    expect(d.isNew).toBe(false);
    expect(d.manifestChanged).toBe(false);
    const newSource = d.composition.filter((c) => c.dimension === "source" && c.label === "test/b");
    expect(newSource.map((c) => c.base)).toEqual([0, 0]);
    expect(newSource.reduce((n, c) => n + c.head, 0)).toBe(5);
    expect(await diffDataset(root, "d", "HEAD")).toMatchObject({ composition: [] });
  });

  it("shows the manifest fields that changed", async () => {
    const root = await twoVersions();
    writeFiles(root, { "datasets/d.yaml": manifest(2) });
    await writeDatasetLock(root, "d");
    const d = await diffDataset(root, "d", "HEAD");
    expect(d.manifestChanged).toBe(true);
    expect(d.manifestFields).toEqual([{ field: "seed", base: 1, head: 2 }]);
    expect(formatDiffMarkdown(d)).toContain("Manifest changed: `seed`: 1 → 2.");
  });

  it("shows every trace as added for a dataset new at HEAD", async () => {
    const root = await twoVersions();
    writeFiles(root, {
      "datasets/e.yaml": manifestYaml("e", "sources: [traces/b.jsonl]\nsplit: {ratios: {all: 1}}"),
    });
    await writeDatasetLock(root, "e");
    const d = await diffDataset(root, "e", "HEAD");
    expect(d.isNew).toBe(true);
    expect(d.splits).toEqual([
      {
        split: "all",
        base: 0,
        head: 5,
        added: ["n-0", "n-1", "n-2", "n-3", "n-4"],
        removed: [],
        changed: [],
      },
    ]);
    expect(formatDiffMarkdown(d)).toContain("New dataset: no lock at `HEAD`, so every trace is added.");
  });

  it("fails on an unknown revision and an option-like revision", async () => {
    const root = await twoVersions();
    const err = await diffDataset(root, "d", "no-such-branch").catch((e: unknown) => e);
    expect((err as TunixError).code).toBe("E_GIT");
    expect((err as TunixError).message).toContain('unknown revision "no-such-branch"');
    await expect(diffDataset(root, "d", "--output=x")).rejects.toThrow("--base: expected a git revision");
  });
});

describe("formatDiffMarkdown", () => {
  it("renders a table, changed composition rows and escaped labels", async () => {
    const root = await twoVersions();
    const md = formatDiffMarkdown(await diffDataset(root, "d", "HEAD~1"), { maxIds: 2 });
    expect(md).toContain("### Dataset `d` vs `HEAD~1`");
    expect(md).toMatch(/\| eval \| 4 \| 5 \| \+1 \| \d \| \d \| 0 \|/);
    expect(md).toMatch(/\| train \| 16 \| 20 \| \+4 \| \d \| \d \| 0 \|/);
    expect(md).toMatch(/\| train \| category \| x\\\|\\<b\\>\\@team \| 0 \| \d \| \+\d \|/);
    expect(md).not.toContain("<b>");
    expect(md).toMatch(/- train added \(\d\): `[dn]-\d+`, `[dn]-\d+`(, … and \d more)?\n/);
  });

  it("says when nothing changed", () => {
    const lock = {
      schemaVersion: 1 as const,
      name: "d",
      manifestHash: "h",
      seed: 0,
      candidates: 0,
      duplicates: 0,
      splits: {},
      stats: {},
    };
    const md = formatDiffMarkdown(diffVersions("d", "main", { lock }, { lock }));
    expect(md).toContain("No change in composition.");
    expect(md).not.toContain("<details>");
  });

  it("escapes markup characters, keeps plain punctuation readable and flattens newlines", () => {
    expect(escapeMarkdown("a*b_[c](d)\n@e`")).toBe("a\\*b\\_\\[c\\]\\(d\\) \\@e\\`");
    expect(escapeMarkdown("synthetic/unit-price, x=1")).toBe("synthetic/unit-price, x=1");
    expect(escapeMarkdown("see https://x.io $1$ &amp;")).toBe("see https\\://x\\.io \\$1\\$ \\&amp;");
  });
});
