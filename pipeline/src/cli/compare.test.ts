import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { writeTestRun } from "../report/test-runs.ts";
import type { CommandContext } from "./command.ts";
import { compareCommand, runIdOf } from "./compare.ts";
import { leaderboardCommand } from "./leaderboard.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  writeTestRun(root, { id: "a-1", correct: [true, true, false, false, true], lr: 1e-3, tags: ["x"] });
  writeTestRun(root, {
    id: "b-2",
    correct: [true, false, true, true, true],
    createdAt: "2026-11-29T00:00:00.000Z",
  });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function ctx(args: string[], opts: CommandContext["opts"]): { c: CommandContext; lines: string[] } {
  const lines: string[] = [];
  return {
    c: { args, opts, root, tty: false, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) },
    lines,
  };
}

describe("tunix-rt compare", () => {
  it("prints flips, McNemar p, the delta with its interval and the changed config keys", async () => {
    const { c, lines } = ctx(["runs/a-1", "b-2"], { judge: "answer-correctness@1" });
    expect(await compareCommand.run(c)).toBe(0);
    const text = lines.join("\n");
    expect(text).toContain("a-1 → b-2: common 5, fixed 2, broken 1, both right 2, both wrong 0");
    expect(text).toMatch(/McNemar exact p = 1\.0000; Δ = \+20\.0pp \[-?\d+\.\dpp, \+\d+\.\dpp\]/);
    expect(text).toContain("training.lr: 0.001 | 0.0003");
  });

  it("prints the same comparison as JSON", async () => {
    const { c, lines } = ctx(["a-1", "b-2"], { judge: "answer-correctness@1", json: true });
    await compareCommand.run(c);
    const json = JSON.parse(lines[0]);
    expect(json.pairs[0]).toMatchObject({ a: "a-1", b: "b-2", fixed: 2, broken: 1 });
    expect(json.scores.map((s: { correct: number }) => s.correct)).toEqual([3, 4]);
  });

  it("refuses a judge the runs do not have, and paths that are not runs", async () => {
    const { c } = ctx(["a-1", "b-2"], { judge: "format@1" });
    await expect(async () => compareCommand.run(c)).rejects.toThrow(
      /runs\/a-1\/verdicts.jsonl: no verdicts of format@1/,
    );
    expect(() => runIdOf("traces/x")).toThrow(TunixError);
    expect(runIdOf("./runs/a-1/")).toBe("a-1");
  });
});

describe("tunix-rt leaderboard", () => {
  it("prints rows best first and filters and sorts on request", async () => {
    const { c, lines } = ctx([], { sort: "score" });
    await leaderboardCommand.run(c);
    expect(lines[0]).toMatch(/^run\s+dataset\s+judge/);
    expect(lines[1]).toMatch(/^b-2 .* 80\.0%/);
    const byDate = ctx([], { sort: "date", json: true });
    await leaderboardCommand.run(byDate.c);
    expect(JSON.parse(byDate.lines[0]).rows.map((r: { run: string }) => r.run)).toEqual(["b-2", "a-1"]);
    const bad = ctx([], { sort: "nope" });
    await expect(async () => leaderboardCommand.run(bad.c)).rejects.toThrow(/--sort/);
  });
});
