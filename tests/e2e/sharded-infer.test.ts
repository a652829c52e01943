// The sharded evaluation of .github/workflows/sharded-run.yml, step by step through the real CLI
// with the workflow's arguments: train → infer --shard-matrix N --json → infer --shard i/N (each
// shard) → infer --merge → judge. The merged predictions equal an unsharded `infer` byte for byte
// (the timing field ms aside), and the run ends completed with a summary.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTinyRepo, runCli, TINY_CONFIG } from "./tiny-repo.ts";

let root: string;
beforeAll(() => {
  root = makeTinyRepo({ traces: 40 });
  expect(runCli(root, ["dataset", "build", "e2e"]).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const withoutMs = (text: string) => text.replace(/"ms":\d+(\.\d+)?/g, '"ms":0');

describe("sharded inference through the CLI", () => {
  it("train, 3 shards, merge and judge give the unsharded predictions", () => {
    const sets = [
      "--set",
      "training.steps=3",
      "--set",
      "inference.decoding=sample",
      "--set",
      "inference.batchSize=3",
    ];
    const trained = runCli(root, ["train", TINY_CONFIG, ...sets, "--json"]);
    expect(trained.code, trained.stderr).toBe(0);
    const runId = JSON.parse(trained.stdout.trim().split("\n").at(-1)!).runId as string;
    const run = `runs/${runId}`;
    const m = runCli(root, ["infer", run, "--shard-matrix", "3", "--json"]);
    const matrix = JSON.parse(JSON.parse(m.stdout).matrix) as { include: { shard: string; stem: string }[] };
    expect(matrix.include.map((x) => x.stem)).toEqual(["1-of-3", "2-of-3", "3-of-3"]);
    for (const { shard } of matrix.include) {
      const r = runCli(root, ["infer", run, "--shard", shard]);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = runCli(root, ["infer", run, "--merge"]);
    expect(merged.code, merged.stderr).toBe(0);
    const file = path.join(root, run, "predictions.jsonl");
    const sharded = readFileSync(file, "utf8");
    const judged = runCli(root, ["judge", run, "--json"]);
    expect(judged.code, judged.stderr).toBe(0);
    expect(JSON.parse(judged.stdout).n).toBe(10);
    const manifest = JSON.parse(readFileSync(path.join(root, run, "run.json"), "utf8"));
    expect(manifest.status).toBe("completed");
    expect(manifest.generation).toMatchObject({ shards: 3, items: 10 });
    expect(runCli(root, ["infer", run]).code).toBe(0);
    expect(withoutMs(readFileSync(file, "utf8"))).toBe(withoutMs(sharded));
  });
});
