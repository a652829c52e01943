// The dataset verbs through the real CLI in a subprocess, in a temp repository.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeRepo, manifestYaml, removeRepos, trace, traceLines, writeFiles } from "./test-kit.ts";

afterAll(removeRepos);

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/tunix-rt.js");

function cli(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, TUNIX_RT_ROOT: root },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const traces = Array.from({ length: 10 }, (_, i) => trace(`c-${i}`, { source: i < 5 ? "test/a" : "test/b" }));

describe("tunix-rt dataset (CLI)", () => {
  it("builds, checks, goes stale when a used trace is edited, and says how to fix it", () => {
    const root = makeRepo({
      "traces/a.jsonl": traceLines(traces),
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]\nsplit: {ratios: {train: 4, eval: 1}}"),
    });
    const missing = cli(root, "dataset", "build", "d", "--check");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "datasets/d.lock.json: dataset d: lock is missing (run: tunix-rt dataset build d)",
    );

    const built = cli(root, "dataset", "build", "d");
    expect(built.code).toBe(0);
    expect(built.stdout).toBe(
      "wrote datasets/d.lock.json: eval 2, train 8 (10 candidates, 0 duplicates dropped)\n",
    );
    expect(cli(root, "dataset", "build", "--check").stdout).toBe("datasets/d.lock.json: up to date\n");

    writeFiles(root, {
      "traces/a.jsonl": traceLines([...traces.slice(0, 9), trace("c-9", { answer: "42" })]),
    });
    const stale = cli(root, "dataset", "build", "d", "--check", "--json");
    expect(stale.code).toBe(1);
    const report = JSON.parse(stale.stdout);
    expect(report.ok).toBe(false);
    expect(report.datasets[0].problems[0]).toMatchObject({
      file: "datasets/d.lock.json",
      hint: "run: tunix-rt dataset build d",
    });
    expect(report.datasets[0].problems[0].message).toMatch(
      /^dataset d: lock is stale: .*1 changed \(first: c-9\)/,
    );
  });

  it("prints stats as a table and as JSON, and exports to a file", () => {
    const root = makeRepo({
      "traces/a.jsonl": traceLines(traces),
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]\nsplit: {ratios: {train: 4, eval: 1}}"),
    });
    expect(cli(root, "dataset", "build", "d").code).toBe(0);
    const table = cli(root, "dataset", "stats", "d");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      "dataset d: 10 traces in 2 split(s), seed 0, 10 candidates, 0 duplicates dropped",
    );
    expect(table.stdout).toMatch(/\n {2}source {2}count {2}share\n/);
    expect(table.stdout).toMatch(/\ntrain: 8 traces\n/);
    const json = JSON.parse(cli(root, "dataset", "stats", "d", "--json").stdout);
    expect(json.stats.train.count + json.stats.eval.count).toBe(10);

    const exported = cli(
      root,
      "dataset",
      "export",
      "d",
      "--split",
      "eval",
      "--format",
      "prompt-completion",
      "--out",
      "eval.jsonl",
    );
    expect(exported.stdout).toBe("wrote 2 examples to eval.jsonl\n");
    const rows = readFileSync(path.join(root, "eval.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => Object.keys(r))).toEqual([
      ["id", "completion", "prompt"],
      ["id", "completion", "prompt"],
    ]);
    const stdout = cli(root, "dataset", "export", "d", "--split", "eval", "--format", "prompt-completion");
    expect(stdout.stdout).toBe(readFileSync(path.join(root, "eval.jsonl"), "utf8"));
  });

  it("exits 2 on usage errors and 1 on a missing lock for stats", () => {
    const root = makeRepo({ "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]") });
    expect(cli(root, "dataset", "export", "d").code).toBe(2);
    expect(cli(root, "dataset", "diff", "d").code).toBe(2);
    const stats = cli(root, "dataset", "stats", "d");
    expect(stats.code).toBe(1);
    expect(stats.stderr).toContain("datasets/d.lock.json: lock not found (run: tunix-rt dataset build d)");
  });
});
