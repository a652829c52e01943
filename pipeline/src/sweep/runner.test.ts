// `runSweep` for real: trials as `tunix-rt run` child processes in a temporary repository (a tiny
// 10-step model). A trial that crashes is listed with its error while the others complete and one
// of them is named best; a second run skips the finished trials; successive halving trains fewer
// steps, promotes by rung eval loss and agrees with the workflow's `--rung` matrix; Ctrl-C stops the
// running trials at a checkpoint and the next run finishes them.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, TINY_CONFIG, writeRepoFile } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { SweepResult } from "../schemas/sweep.ts";
import { expandSweep } from "./expand.ts";
import { sweepMatrix } from "./matrix.ts";
import { formatSweepReport } from "./report.ts";
import { type ProgressRow, runSweep } from "./runner.ts";

let root: string;
beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sweep(name: string, body: string[]): string {
  writeRepoFile(
    root,
    `configs/sweeps/${name}.yaml`,
    [`schemaVersion: 1`, `name: ${name}`, `base: ${TINY_CONFIG}`, "metric: eval-loss", ...body, ""].join(
      "\n",
    ),
  );
  return name;
}

const resultOf = (name: string) =>
  SweepResult.parse(JSON.parse(readFileSync(path.join(root, `runs/sweeps/${name}.json`), "utf8")));

describe("sweep run", () => {
  it("lists a crashing trial with its error, ranks the others, and skips finished trials on a re-run", async () => {
    // heads 3 does not divide dModel 32: those trials fail inside the train stage.
    sweep("crash", ["space:", "  model.heads: { grid: [2, 3] }", "  training.lr: { grid: [0.003, 0.01] }"]);
    const seen: ProgressRow[][] = [];
    const first = await runSweep({ root, ref: "crash", parallel: 2, onUpdate: (rows) => seen.push(rows) });
    expect(first.interrupted).toBe(false);
    expect(first.failed).toEqual(["t002", "t003"]); // their children exited 1; run.json says why
    const r = resultOf("crash");
    expect(r.trials.map((t) => [t.id, t.status])).toEqual([
      ["t000", "completed"],
      ["t001", "completed"],
      ["t002", "failed"],
      ["t003", "failed"],
    ]);
    for (const t of r.trials.filter((x) => x.status === "failed")) {
      expect(t.error?.stage).toBe("train");
      expect(t.error?.message).toMatch(/heads/);
      expect(t.score).toBeNull();
    }
    const scored = r.trials.filter((t) => t.score !== null);
    const best = [...scored].sort((a, b) => a.score! - b.score!)[0];
    expect(r.best).toEqual({ trial: best.id, run: best.run, score: best.score });
    expect(scored.map((t) => t.rank).sort()).toEqual([1, 2]);
    expect(r.steps).toEqual({
      trained: 20 + r.trials[2].steps + r.trials[3].steps,
      full: 20 + r.trials[2].steps + r.trials[3].steps,
      saved: 0,
    });
    expect(formatSweepReport(r).join("\n")).toMatch(
      /Failed trials:\n\n- t002 \(`runs\/crash-t002-[0-9a-f]{8}`\), train: .*heads/,
    );
    expect(seen.at(-1)?.map((row) => row.status)).toEqual(["done", "done", "failed", "failed"]);
    expect(seen.some((rows) => rows.some((row) => row.status === "running"))).toBe(true);

    const again = await runSweep({ root, ref: "crash", parallel: 2 });
    expect(again.skipped).toEqual(["t000", "t001"]);
    expect(again.started.sort()).toEqual(["t002", "t003"]);
    expect(resultOf("crash").best).toEqual(r.best);
  }, 240_000);

  it("halves by rung eval loss, trains fewer steps, and matches the workflow's --rung matrix", async () => {
    sweep("halve", [
      "trials: 4",
      "seed: 3",
      "scheduler: { kind: successive-halving, rungs: 2, eta: 2 }",
      "space:",
      "  training.lr: { loguniform: [0.001, 0.03] }",
    ]);
    const x = expandSweep(root, "halve");
    expect(x.rungSteps).toEqual([5, 10]);
    const rung0 = JSON.parse(sweepMatrix(root, x, { rung: 0 }).matrix).include;
    expect(rung0.map((e: { "stop-at-step": number }) => e["stop-at-step"])).toEqual([5, 5, 5, 5]);

    const run = await runSweep({ root, ref: "halve", parallel: 2 });
    const r = run.result;
    const stopped = r.trials.filter((t) => t.status === "stopped");
    const completed = r.trials.filter((t) => t.status === "completed");
    expect([stopped.length, completed.length]).toEqual([2, 2]);
    for (const t of stopped) expect([t.steps, t.rungs.map((g) => g.step)]).toEqual([5, [5]]);
    for (const t of completed) expect([t.steps, t.rungs.map((g) => g.step)]).toEqual([10, [5, 10]]);
    // The promoted two had the lowest eval loss at step 5.
    const at5 = (t: (typeof r.trials)[number]) => t.rungs[0].evalLoss;
    expect(Math.max(...completed.map(at5))).toBeLessThanOrEqual(Math.min(...stopped.map(at5)));
    expect(r.steps).toEqual({ trained: 30, full: 40, saved: 10 });
    expect(r.scheduler?.rungSteps).toEqual([5, 10]);
    expect(formatSweepReport(r).join("\n")).toContain("30 steps trained instead of 40 — 10 saved (25.0%)");

    const rung1 = JSON.parse(sweepMatrix(root, x, { rung: 1 }).matrix).include;
    expect(rung1.map((e: { trial: string }) => e.trial).sort()).toEqual(completed.map((t) => t.id).sort());
    expect(
      rung1.every((e: { resume: boolean; "stop-at-step": number }) => e.resume && e["stop-at-step"] === 0),
    ).toBe(true);
  }, 240_000);

  it("stops the running trials at a checkpoint on Ctrl-C; the next run finishes them", async () => {
    sweep("stop", ["space:", "  training.lr: { grid: [0.004, 0.006] }", "  training.steps: { grid: [40] }"]);
    const controller = new AbortController();
    const first = await runSweep({
      root,
      ref: "stop",
      parallel: 2,
      signal: controller.signal,
      pollMs: 100,
      // Abort once a trial has logged a training step (its SIGINT handler is in place by then).
      onUpdate: (rows) => rows.some((row) => row.step > 0) && controller.abort(),
    });
    expect(first.interrupted).toBe(true);
    const r = first.result;
    expect(
      r.trials.some(
        (t) => t.status === "failed" && /interrupted after step \d+/.test(t.error?.message ?? ""),
      ),
    ).toBe(true);
    expect(r.trials.every((t) => t.status !== "completed")).toBe(true);

    const second = await runSweep({ root, ref: "stop", parallel: 2 });
    expect(second.interrupted).toBe(false);
    expect(second.result.trials.map((t) => [t.status, t.steps])).toEqual([
      ["completed", 40],
      ["completed", 40],
    ]);
  }, 240_000);
});
