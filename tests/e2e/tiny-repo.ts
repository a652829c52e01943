// A throw-away repository for the end-to-end and run-stage tests: a git repository holding short
// arithmetic traces (short prompts, so a 128-token context leaves room for 24 new tokens), the
// dataset manifest `datasets/e2e.yaml` (75/25 train/eval split) and the tiny run config
// `configs/runs/tiny.yaml` (1 layer, dModel 32, 10 steps on the wasm backend, 24 new tokens).
// `runCli` runs the real CLI in it as a subprocess, with TUNIX_RT_ROOT pointing at it.
//
//   const root = makeTinyRepo();                        // files committed; the lock is not built
//   expect(runCli(root, ["dataset", "build", "e2e"]).code).toBe(0);
//   const r = runCli(root, ["run", TINY_CONFIG, "--json"]);
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_GIT_ENV } from "../../pipeline/src/github/git-fixture.ts";

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(PROJECT, "pipeline/bin/tunix-rt.js");
/** The pinned Node 24 of node_modules/.bin (the CLI needs type stripping). */
export const NODE = path.join(PROJECT, "node_modules/.bin/node");

export const DATASET = "e2e";
export const TINY_CONFIG = "configs/runs/tiny.yaml";
export const TRACE_FILE = "traces/e2e/hand.jsonl";
export const TINY_JUDGES = ["answer-correctness@1", "exact-match@1", "format@1", "step-arithmetic@1"];

const GIT_ENV = TEST_GIT_ENV;

export function git(root: string, args: string[]): string {
  return execFileSync("git", args, { cwd: root, env: GIT_ENV, encoding: "utf8", stdio: "pipe" }).trim();
}

/** `count` traces: sums (1 step, difficulty 1) and every third a sum then a difference (2 steps). */
export function tinyTraces(count: number): object[] {
  return Array.from({ length: count }, (_, i) => {
    const a = 3 + ((i * 7) % 40);
    const b = 2 + ((i * 5) % 30);
    const id = `e2e-${String(i).padStart(3, "0")}`;
    if (i % 3 === 0) {
      const c = 1 + (i % 4);
      return {
        schemaVersion: 1,
        id,
        source: "e2e/hand",
        prompt: `What is ${a} + ${b} - ${c}?`,
        steps: [{ text: `${a} + ${b} = ${a + b}` }, { text: `${a + b} - ${c} = ${a + b - c}` }],
        answer: String(a + b - c),
        category: "arithmetic/mixed",
        difficulty: 2,
      };
    }
    return {
      schemaVersion: 1,
      id,
      source: "e2e/hand",
      prompt: `What is ${a} + ${b}?`,
      steps: [{ text: `${a} + ${b} = ${a + b}` }],
      answer: String(a + b),
      category: "arithmetic/add",
      difficulty: 1,
    };
  });
}

export function writeRepoFile(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

/** A fresh git repository with the traces, the manifest and the config, committed. */
export function makeTinyRepo(opts: { traces?: number } = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-e2e-"));
  const lines = tinyTraces(opts.traces ?? 32).map((t) => JSON.stringify(t));
  writeRepoFile(root, TRACE_FILE, `${lines.join("\n")}\n`);
  writeRepoFile(
    root,
    `datasets/${DATASET}.yaml`,
    [
      "schemaVersion: 1",
      `name: ${DATASET}`,
      "sources: [traces/e2e/*.jsonl]",
      "split: { ratios: { train: 0.75, eval: 0.25 } }",
      "seed: 1",
      "",
    ].join("\n"),
  );
  writeRepoFile(
    root,
    TINY_CONFIG,
    [
      "schemaVersion: 1",
      "description: tiny end-to-end config",
      `dataset: { name: ${DATASET} }`,
      "model: { layers: 1, dModel: 32, heads: 2, context: 128 }",
      "training: { steps: 10, batchSize: 4, lr: 3.0e-3, logEvery: 5, device: wasm }",
      "inference: { maxNewTokens: 24 }",
      `judges: [${TINY_JUDGES.join(", ")}]`,
      "",
    ].join("\n"),
  );
  writeRepoFile(root, ".gitignore", "artifacts/\n");
  git(root, ["init", "--quiet", "--initial-branch=main"]);
  git(root, ["add", "."]);
  git(root, ["commit", "--quiet", "-m", "tiny repo"]);
  return root;
}

/** Run the real CLI in `root` (a subprocess, TUNIX_RT_ROOT=root). */
export function runCli(root: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(NODE, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, TUNIX_RT_ROOT: root },
    encoding: "utf8",
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
