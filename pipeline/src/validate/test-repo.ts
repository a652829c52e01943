// Test helper: a small, valid repository in a temp folder with one file of every data kind (traces,
// dataset manifest + lock, run config, sweep, baselines, a run folder), and a runner of the real
// `tunix-rt` CLI as a subprocess. Used by validate's tests.
//
//   const root = await makeValidRepo();
//   const { code, stdout } = runCli(root, ["validate"]);

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeDatasetLock } from "../dataset/build.ts";
import { stableStringify } from "../io/json.ts";
import { RunConfig } from "../schemas/config.ts";

const BIN = fileURLToPath(new URL("../../bin/tunix-rt.js", import.meta.url));

export function traceLine(n: number, extra: Record<string, unknown> = {}): string {
  return stableStringify({
    schemaVersion: 1,
    id: `t-${n}`,
    source: "synthetic/sums",
    prompt: `What is ${n} + ${n}?`,
    steps: [{ text: `${n} + ${n} = ${2 * n}.` }],
    answer: String(2 * n),
    category: n % 2 ? "arithmetic/odd" : "arithmetic/even",
    ...extra,
  });
}

export const FILES: Record<string, string> = {
  "traces/README.md": "Trace files: one trace (schemas/trace.ts) per line.\n",
  "traces/a.jsonl": `${[1, 2, 3, 4, 5].map((n) => traceLine(n)).join("\n")}\n`,
  "traces/b/b.jsonl": `${[6, 7, 8].map((n) => traceLine(n)).join("\n")}\n\n`,
  "datasets/demo.yaml": [
    "schemaVersion: 1",
    "name: demo",
    "sources:",
    "  - traces/a.jsonl",
    "split:",
    "  ratios: { train: 0.75, eval: 0.25 }",
    "",
  ].join("\n"),
  "configs/runs/tiny.yaml": [
    "schemaVersion: 1",
    "dataset:",
    "  name: demo",
    "training:",
    "  steps: 2",
    "judges:",
    "  - answer-correctness@1",
    "",
  ].join("\n"),
  "configs/sweeps/lr.yaml": [
    "schemaVersion: 1",
    "name: lr",
    "base: configs/runs/tiny.yaml",
    "space:",
    "  training.lr: { loguniform: [0.0001, 0.01] }",
    "",
  ].join("\n"),
  "configs/baselines.yaml": ["schemaVersion: 1", "baselines:", "  - name: main", "    run: tiny-1", ""].join(
    "\n",
  ),
  "runs/tiny-1/run.json": `${stableStringify(
    {
      schemaVersion: 1,
      id: "tiny-1",
      name: "tiny",
      config: RunConfig.parse({ schemaVersion: 1, dataset: { name: "demo" } }),
      status: "completed",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      dataset: { name: "demo", lockHash: "abc" },
    },
    2,
  )}\n`,
  "runs/tiny-1/metrics.jsonl": `${stableStringify({
    schemaVersion: 1,
    kind: "eval",
    step: 2,
    epoch: 1,
    evalLoss: 2.5,
    evalTokenAccuracy: 0.3,
    elapsedS: 1,
  })}\n`,
};

/** A fresh temp repository holding FILES (plus `extra`) and a built lock for `demo`. */
export async function makeValidRepo(extra: Record<string, string> = {}): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  for (const [rel, text] of Object.entries({ ...FILES, ...extra })) writeRepoFile(root, rel, text);
  await writeDatasetLock(root, "demo");
  return root;
}

export function writeRepoFile(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** Replace line `line` (1-based) of a repo file. */
export function replaceLine(root: string, rel: string, line: number, text: string): void {
  const lines = fs.readFileSync(path.join(root, rel), "utf8").split("\n");
  lines[line - 1] = text;
  fs.writeFileSync(path.join(root, rel), lines.join("\n"));
}

/** Run the real CLI in `root`. */
export function runCli(root: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, TUNIX_RT_ROOT: root },
    encoding: "utf8",
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
