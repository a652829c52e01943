// `publishSweep` against a real bare remote: the result file and every trial run folder it lists land
// in one commit by the bot, on top of a commit another publisher pushed meanwhile; publishing again
// changes nothing; an invalid trial folder stops it before anything is committed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cloneRemote, git, makeRemote, writeRun } from "../github/git-fixture.ts";
import { writeJsonAtomic } from "../io/atomic.ts";
import { SweepResult } from "../schemas/sweep.ts";
import { publishSweep } from "./publish.ts";

let tmp: string;
let remote: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-sweep-publish-"));
  remote = makeRemote(tmp);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function writeSweep(root: string, runs: string[]): void {
  for (const id of runs) writeRun(root, id);
  const trial = (id: string, i: number) => ({
    id: `t00${i}`,
    run: id,
    params: { "training.lr": 0.001 * (i + 1) },
    status: "completed",
    score: 2 - i / 10,
    ci95: null,
    evalLoss: 2 - i / 10,
    steps: 1,
    rungs: [],
    rank: runs.length - i,
  });
  const result = SweepResult.parse({
    schemaVersion: 1,
    sweep: "s",
    file: "configs/sweeps/s.yaml",
    sweepHash: "0",
    base: "configs/runs/tiny.yaml",
    metric: "eval-loss",
    mode: "min",
    trials: runs.map(trial),
    best: { trial: `t00${runs.length - 1}`, run: runs.at(-1), score: 2 - (runs.length - 1) / 10 },
    steps: { trained: runs.length, full: runs.length, saved: 0 },
  });
  writeJsonAtomic(path.join(root, "runs/sweeps/s.json"), result);
}

describe("sweep publish", () => {
  it("commits the result and the trial runs in one commit, rebased on what others pushed", async () => {
    const clone = cloneRemote(remote, path.join(tmp, "a"));
    const other = cloneRemote(remote, path.join(tmp, "b"));
    writeRun(other, "someone-else");
    git(other, ["add", "--all"]);
    git(other, ["commit", "--quiet", "-m", "another run"]);
    git(other, ["push", "--quiet", "origin", "main"]);

    writeSweep(clone, ["s-t000-aaaaaaaa", "s-t001-bbbbbbbb"]);
    const r = await publishSweep(clone, "s", { branch: "main", retries: 3, random: () => 0 });
    expect([r.action, r.runs, r.file]).toEqual(["added", 2, "runs/sweeps/s.json"]);
    const head = git(remote, ["rev-parse", "main"]);
    expect(head).toBe(r.commit);
    expect(git(remote, ["log", "-1", "--format=%an %s", "main"])).toBe(
      "tunix-rt-bot sweeps: add s (2 trials, best t001 (eval-loss 1.9))",
    );
    expect(
      git(remote, ["diff-tree", "--no-commit-id", "--name-only", "-r", "main"]).split("\n").sort(),
    ).toEqual([
      "runs/s-t000-aaaaaaaa/metrics.jsonl",
      "runs/s-t000-aaaaaaaa/run.json",
      "runs/s-t001-bbbbbbbb/metrics.jsonl",
      "runs/s-t001-bbbbbbbb/run.json",
      "runs/sweeps/s.json",
    ]);
    expect(git(remote, ["log", "--format=%s", "main"]).split("\n")).toContain("another run");

    const again = await publishSweep(clone, "s", { branch: "main" });
    expect([again.action, again.attempts]).toEqual(["unchanged", 0]);
  });

  it("refuses an invalid trial folder before committing anything", async () => {
    const clone = cloneRemote(remote, path.join(tmp, "a"));
    writeSweep(clone, ["s-t000-aaaaaaaa"]);
    writeFileSync(path.join(clone, "runs/s-t000-aaaaaaaa/metrics.jsonl"), "{}\n");
    const before = git(clone, ["rev-parse", "HEAD"]);
    await expect(publishSweep(clone, "s", { branch: "main" })).rejects.toThrow(
      /runs\/s-t000-aaaaaaaa\/metrics\.jsonl/,
    );
    expect(git(clone, ["rev-parse", "HEAD"])).toBe(before);
  });
});
