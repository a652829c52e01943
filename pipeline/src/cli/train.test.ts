// `tunix-rt train` end to end in a temp repository: dataset build → train (run.json, metrics,
// artifacts), --set layering, usage errors, SIGINT → checkpoint + exit 1 → --resume completes.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RunManifest } from "../schemas/run.ts";
import { readMetrics } from "../train/metrics.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = path.join(repo, "pipeline/bin/tunix-rt.js");
const node = process.execPath;

function makeRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  for (const d of ["traces", "datasets", "configs/runs"]) mkdirSync(path.join(root, d), { recursive: true });
  const traces = Array.from({ length: 24 }, (_, i) => ({
    schemaVersion: 1,
    id: `t-${i}`,
    source: "synthetic/test",
    prompt: `What is ${i} + ${i % 5}?`,
    steps: [{ text: `${i} + ${i % 5} = ${i + (i % 5)}` }],
    answer: String(i + (i % 5)),
  }));
  writeFileSync(path.join(root, "traces/t.jsonl"), `${traces.map((t) => JSON.stringify(t)).join("\n")}\n`);
  writeFileSync(
    path.join(root, "datasets/tiny.yaml"),
    "schemaVersion: 1\nname: tiny\nsources: [traces/t.jsonl]\nsplit: { ratios: { train: 0.75, eval: 0.25 } }\n",
  );
  writeFileSync(
    path.join(root, "configs/runs/tiny.yaml"),
    "schemaVersion: 1\ndataset: { name: tiny }\nmodel: { layers: 1, dModel: 32, heads: 2, context: 128 }\ntraining: { steps: 3, batchSize: 4, logEvery: 1, device: wasm }\n",
  );
  const built = cli(root, ["dataset", "build", "tiny"]);
  expect(built.status, built.stderr).toBe(0);
  return root;
}

function cli(root: string, args: string[]) {
  const r = spawnSync(node, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TUNIX_RT_ROOT: root },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("tunix-rt train", () => {
  it("trains from a config and records run.json, metrics and artifacts", () => {
    const root = makeRepo();
    const r = cli(root, [
      "train",
      "configs/runs/tiny.yaml",
      "--set",
      "training.steps=4",
      "--run-id",
      "tiny-1",
      "--json",
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ runId: "tiny-1", status: "completed", steps: 4 });
    const manifest = RunManifest.parse(
      JSON.parse(readFileSync(path.join(root, "runs/tiny-1/run.json"), "utf8")),
    );
    expect(manifest.config.training.steps).toBe(4);
    expect(manifest.stages.train.status).toBe("completed");
    expect(manifest.backend?.name).toBe("wasm");
    expect(manifest.dataset?.lockHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.artifacts.map((a) => a.name).sort()).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors",
      "tokenizer.json",
    ]);
    expect(existsSync(path.join(root, "artifacts/tiny-1/model/model.safetensors"))).toBe(true);
    const rows = readMetrics(path.join(root, "runs/tiny-1/metrics.jsonl"));
    expect(rows.filter((x) => x.kind === "train").map((x) => x.step)).toEqual([1, 2, 3, 4]);
    expect(rows.some((x) => x.kind === "eval")).toBe(true);
    const again = cli(root, ["train", "configs/runs/tiny.yaml", "--run-id", "tiny-1"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const bad = cli(root, ["train", "configs/runs/tiny.yaml", "--set", "training.nope=1"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/training\.nope/);
    expect(cli(root, ["train", "configs/runs/tiny.yaml", "--resume"]).status).toBe(2);
  });

  it("saves a checkpoint on SIGINT, exits 1, and --resume finishes the run", async () => {
    const root = makeRepo();
    const args = [bin, "train", "configs/runs/tiny.yaml", "--set", "training.steps=200", "--run-id", "cut"];
    const child = spawn(node, args, { cwd: root, env: { ...process.env, TUNIX_RT_ROOT: root } });
    let stderr = "";
    const status = await new Promise<number | null>((resolve) => {
      child.stderr.on("data", (d) => {
        stderr += String(d);
        if (/train cut: [1-9]/.test(stderr) && !child.killed) child.kill("SIGINT");
      });
      child.on("close", resolve);
    });
    expect(status, stderr).toBe(1);
    const manifest = JSON.parse(readFileSync(path.join(root, "runs/cut/run.json"), "utf8"));
    expect(manifest.status).toBe("interrupted");
    expect(manifest.stages.train.status).toBe("interrupted");
    expect(manifest.error.message).toBe(
      "interrupted after step " +
        `${manifest.error.message.match(/step (\d+)/)[1]}; continue with: ` +
        "tunix-rt train configs/runs/tiny.yaml --set training.steps=200 --resume --run-id cut",
    );
    const done = cli(root, [
      "train",
      "configs/runs/tiny.yaml",
      "--set",
      "training.steps=200",
      "--run-id",
      "cut",
      "--resume",
      "--set",
      "training.steps=200",
    ]);
    expect(done.status, done.stderr).toBe(0);
    const rows = readMetrics(path.join(root, "runs/cut/metrics.jsonl")).filter((x) => x.kind === "train");
    expect(rows.map((x) => x.step)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});
