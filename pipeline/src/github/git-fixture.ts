// Test fixtures for publishing: a local bare remote with one commit on `main`, clones of it, and
// minimal schema-valid run folders. Used by publish.test.ts; real git, real files in temp dirs.
//
//   const remote = makeRemote(tmp); const clone = cloneRemote(remote, path.join(tmp, "a"));
//   writeRun(clone, "run-a");

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeJsonAtomic, writeJsonlAtomic } from "../io/atomic.ts";
import { RunConfig } from "../schemas/config.ts";
import { RunManifest } from "../schemas/run.ts";

/** Identity for the fixture's own commits (publish uses the bot identity). */
export const TEST_GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test Person",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Test Person",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
};

export function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    env: TEST_GIT_ENV,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** A bare repository `remote.git` whose `main` holds a README and an empty `runs/` marker. */
export function makeRemote(tmp: string): string {
  const remote = path.join(tmp, "remote.git");
  const seed = path.join(tmp, "seed");
  git(tmp, ["init", "--quiet", "--bare", "--initial-branch=main", remote]);
  git(tmp, ["init", "--quiet", "--initial-branch=main", seed]);
  writeFileSync(path.join(seed, "README.md"), "fixture\n");
  mkdirSync(path.join(seed, "runs"));
  writeFileSync(path.join(seed, "runs", "README.md"), "runs\n");
  git(seed, ["add", "--all"]);
  git(seed, ["commit", "--quiet", "-m", "initial"]);
  git(seed, ["push", "--quiet", remote, "main"]);
  return remote;
}

export function cloneRemote(remote: string, dir: string): string {
  git(path.dirname(dir), ["clone", "--quiet", remote, dir]);
  return dir;
}

/** Write a minimal valid run folder `runs/<id>` (run.json + one metrics row); returns its repo path. */
export function writeRun(root: string, id: string, opts: { name?: string; loss?: number } = {}): string {
  const dir = path.join(root, "runs", id);
  const now = "2026-11-28T00:00:00.000Z";
  const manifest = RunManifest.parse({
    schemaVersion: 1,
    id,
    name: opts.name ?? "tiny",
    config: RunConfig.parse({ schemaVersion: 1, dataset: { name: "x" } }),
    status: "completed",
    createdAt: now,
    updatedAt: now,
  });
  writeJsonAtomic(path.join(dir, "run.json"), manifest);
  writeJsonlAtomic(path.join(dir, "metrics.jsonl"), [
    {
      schemaVersion: 1,
      kind: "train",
      step: 1,
      epoch: 0,
      loss: opts.loss ?? 2.5,
      lr: 0.001,
      gradNorm: 1,
      tokens: 64,
      tokensPerS: 100,
      tokenAccuracy: 0.1,
      elapsedS: 1,
    },
  ]);
  return `runs/${id}`;
}
