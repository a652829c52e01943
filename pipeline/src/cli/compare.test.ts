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
    expect(text).toMatch(
      /on the 5 common items: 60\.0% → 80\.0%; McNemar exact p = 1\.0000; Δ = \+20\.0pp \[-?\d+\.\dpp, \+\d+\.\dpp\]/,
    );
    expect(text).toContain("training.lr: 0.001 | 0.0003");
  });

  it("prints the same comparison as JSON", async () => {
    const { c, lines } = ctx(["a-1", "b-2"], { judge: "answer-correctness@1", json: true });
    await compareCommand.run(c);
    const json = JSON.parse(lines[0]);
    expect(json.pairs[0]).toMatchObject({ a: "a-1", b: "b-2", fixed: 2, broken: 1 });
    expect(json.scores.map((s: { correct: number }) => s.correct)).toEqual([3, 4]);
  });

  it("says n/a, not p = 1 and Δ = 0, when the runs share no item", async () => {
    writeTestRun(root, { id: "c-3", correct: [true, false, true], idPrefix: "other-" });
    const { c, lines } = ctx(["a-1", "c-3"], { judge: "answer-correctness@1" });
    await compareCommand.run(c);
    const text = lines.join("\n");
    expect(text).toContain("a-1 → c-3: common 0");
    expect(text).toContain("no item judged by both runs: McNemar p n/a; Δ n/a");
    expect(text).not.toMatch(/p = 1\.0000|Δ = \+0\.0pp/);
    const md = ctx(["a-1", "c-3"], { judge: "answer-correctness@1", md: true });
    await compareCommand.run(md.c);
    expect(md.lines).toContain("| `a-1` → `c-3` | 0 | n/a | n/a | 0 | 0 | n/a | n/a | n/a |");
    const json = ctx(["a-1", "c-3"], { judge: "answer-correctness@1", json: true });
    await compareCommand.run(json.c);
    expect(JSON.parse(json.lines[0]).pairs[0]).toMatchObject({ common: 0, mcnemarP: null, delta: null });
  });

  it("prints Markdown for a PR comment: the 40-item run against the 405-item baseline, paired on 40", async () => {
    writeTestRun(root, {
      id: "base",
      correct: Array.from({ length: 405 }, (_, i) => i >= 40 || i % 2 === 0),
    });
    writeTestRun(root, { id: "small", correct: Array.from({ length: 40 }, (_, i) => i % 2 === 0 || i < 8) });
    const { c, lines } = ctx(["base", "small"], { judge: "answer-correctness@1", md: true });
    expect(await compareCommand.run(c)).toBe(0);
    expect(lines[0]).toBe("### Comparison under `answer-correctness@1`");
    expect(lines).toContain("| `base` | 95.1% | 92.5% – 96.8% | 385 / 405 |");
    expect(lines).toContain("| `small` | 60.0% | 44.6% – 73.7% | 24 / 40 |");
    const row = lines.find((l) => l.startsWith("| `base` → `small`"));
    expect(row).toMatch(
      /^\| `base` → `small` \| 40 \| 50\.0% \| 60\.0% \| 4 \| 0 \| 0\.1250 \| \+10\.0pp \| \+\d\.\dpp … \+\d+\.\dpp \|$/,
    );
    expect(lines.join("\n")).toContain(
      "the item sets differ (365 only in A, 0 only in B); the pair's numbers are over the 40 common items",
    );
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
