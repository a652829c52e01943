// Sweep expansion on a real (temporary) repository: determinism by seed, the grid × samples rule,
// stable ids when `trials` grows, duplicates, trial configs resolved exactly as `run --set` resolves
// them, and the errors of bad sweeps (a mistyped path, an empty choice, min > max, a log bound ≤ 0,
// a value the config refuses, a metric the base does not judge), each naming file, line and field.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTinyRepo, TINY_CONFIG, writeRepoFile } from "../../../tests/e2e/tiny-repo.ts";
import { TunixError } from "../errors.ts";
import { loadRunConfig } from "../run/config-load.ts";
import { expandSweep, sweepTag } from "./expand.ts";
import { MAX_MATRIX_JOBS, sweepMatrix } from "./matrix.ts";

let root: string;
beforeAll(() => {
  root = makeTinyRepo({ traces: 8 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sweep(name: string, body: string[]): string {
  writeRepoFile(
    root,
    `configs/sweeps/${name}.yaml`,
    [`schemaVersion: 1`, `name: ${name}`, `base: ${TINY_CONFIG}`, ...body, ""].join("\n"),
  );
  return name;
}

function errorOf(fn: () => unknown): TunixError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TunixError) return err;
    throw err;
  }
  throw new Error("expected a TunixError");
}

const LR_WARMUP = [
  "trials: 3",
  "seed: 7",
  "metric: eval-loss",
  "space:",
  "  training.warmupSteps: { grid: [0, 5] }",
  "  training.lr: { loguniform: [1.0e-4, 1.0e-2] }",
];

describe("sweep expand", () => {
  it("crosses every grid point with each sample; sample s draws the same values at every grid point", () => {
    const x = expandSweep(root, sweep("lw", LR_WARMUP));
    expect(x.trials.map((t) => t.id)).toEqual(["t000", "t001", "t002", "t003", "t004", "t005"]);
    expect(x.trials.map((t) => t.params["training.warmupSteps"])).toEqual([0, 5, 0, 5, 0, 5]);
    const lr = x.trials.map((t) => t.params["training.lr"] as number);
    expect(lr[0]).toBe(lr[1]);
    expect(lr[2]).toBe(lr[3]);
    expect(new Set(lr).size).toBe(3);
    for (const v of lr) {
      expect(v).toBeGreaterThanOrEqual(1e-4);
      expect(v).toBeLessThanOrEqual(1e-2);
      expect(Number(v.toPrecision(6))).toBe(v);
    }
    expect(x.sweep.mode).toBe("min");
  });

  it("is deterministic by seed: the same seed gives the same trials, another seed others", () => {
    const a = expandSweep(root, sweep("s7", LR_WARMUP));
    const b = expandSweep(root, "s7");
    expect(JSON.stringify(b.trials)).toBe(JSON.stringify(a.trials));
    const c = expandSweep(
      root,
      sweep(
        "s8",
        LR_WARMUP.map((l) => (l === "seed: 7" ? "seed: 8" : l)),
      ),
    );
    expect(c.trials.map((t) => t.params["training.lr"])).not.toEqual(
      a.trials.map((t) => t.params["training.lr"]),
    );
    expect(c.trials.map((t) => t.params["training.warmupSteps"])).toEqual(
      a.trials.map((t) => t.params["training.warmupSteps"]),
    );
  });

  it("keeps ids and values when trials grow; only grids: one trial per point", () => {
    const three = expandSweep(root, sweep("grow", LR_WARMUP));
    const four = expandSweep(
      root,
      sweep(
        "grow",
        LR_WARMUP.map((l) => (l === "trials: 3" ? "trials: 4" : l)),
      ),
    );
    expect(four.trials.slice(0, 6).map((t) => [t.id, t.params])).toEqual(
      three.trials.map((t) => [t.id, t.params]),
    );
    expect(four.trials.map((t) => t.id).slice(6)).toEqual(["t006", "t007"]);
    const grid = expandSweep(
      root,
      sweep("grid", [
        "trials: 5",
        "space:",
        "  training.lr: { grid: [0.001, 0.002] }",
        "  seed: { grid: [0, 1, 2] }",
      ]),
    );
    expect(grid.trials.map((t) => [t.params["training.lr"], t.params.seed])).toEqual([
      [0.001, 0],
      [0.001, 1],
      [0.001, 2],
      [0.002, 0],
      [0.002, 1],
      [0.002, 2],
    ]);
  });

  it("resolves each trial exactly as `run <base> --set …` does, tagged and named for the sweep", () => {
    const x = expandSweep(root, "lw");
    const t = x.trials[3];
    expect(t.sets.slice(0, 2)).toEqual([`training.warmupSteps=5`, `training.lr=${t.params["training.lr"]}`]);
    expect(t.config).toEqual(loadRunConfig(root, TINY_CONFIG, t.sets).config);
    expect(t.config.training.lr).toBe(t.params["training.lr"]);
    expect(t.config.tags).toContain(sweepTag("lw"));
    expect(t.name).toBe("lw-t003");
    expect(t.runId).toMatch(/^lw-t003-[0-9a-f]{8}$/);
  });

  it("drops a sampled trial equal to an earlier one (it would be the same run)", () => {
    const x = expandSweep(
      root,
      sweep("dup", ["trials: 6", "space:", "  training.schedule: { choice: [cosine, linear] }"]),
    );
    expect(x.trials.length + x.duplicates.length).toBe(6);
    expect(x.trials.length).toBe(2);
    expect(new Set(x.trials.map((t) => t.params["training.schedule"]))).toEqual(
      new Set(["cosine", "linear"]),
    );
    for (const d of x.duplicates) expect(x.trials.map((t) => t.id)).toContain(d.sameAs);
  });

  it("names a mistyped path with its line and the nearest real one", () => {
    const e = errorOf(() =>
      expandSweep(root, sweep("typo", ["space:", "  training.lrr: { loguniform: [0.001, 0.01] }"])),
    );
    expect(e.message).toBe(
      'configs/sweeps/typo.yaml:5: space.training.lrr: expected a path of the run config, found unknown key "lrr" (did you mean training.lr?)',
    );
    const deep = errorOf(() =>
      expandSweep(root, sweep("deep", ["space:", "  training.lr.x: { grid: [1] }"])),
    );
    expect(deep.message).toContain(
      "configs/sweeps/deep.yaml:5: space.training.lr.x: expected a path of the run config",
    );
  });

  it.each([
    [
      "an empty choice",
      "  training.lr: { choice: [] }",
      "space.training.lr.choice: expected a non-empty list of values, found []",
    ],
    [
      "min > max",
      "  training.lr: { uniform: [0.01, 0.001] }",
      "space.training.lr.uniform: expected lo ≤ hi: the first bound is the lower one, found [0.01,0.001]",
    ],
    [
      "a log bound ≤ 0",
      "  training.lr: { loguniform: [0, 0.01] }",
      "space.training.lr.loguniform: expected bounds > 0 (a log scale has no zero or negative values), found [0,0.01]",
    ],
    [
      "two kinds",
      "  training.lr: { choice: [1], grid: [2] }",
      "space.training.lr: expected exactly one of choice, grid, uniform, loguniform, randint, quniform (not choice and grid)",
    ],
  ])("refuses %s, naming file:line and field", (_, line, message) => {
    const e = errorOf(() => expandSweep(root, sweep("bad", ["space:", line])));
    expect(e.message).toContain(`configs/sweeps/bad.yaml:5: ${message}`);
  });

  it("refuses values the run config refuses, naming the path and the trial", () => {
    const e = errorOf(() =>
      expandSweep(
        root,
        sweep("ints", ["trials: 2", "space:", "  training.warmupSteps: { uniform: [0.5, 3.5] }"]),
      ),
    );
    expect(e.message).toMatch(
      /^configs\/sweeps\/ints\.yaml:6: space\.training\.warmupSteps: expected values valid for training\.warmupSteps \(.*int.*\), found [\d.]+ in trial t000/,
    );
  });

  it("refuses a metric the base config does not judge, searching name/tags, and rungs finer than the budget", () => {
    expect(errorOf(() => expandSweep(root, sweep("m", ["metric: nope@1", "space: {}"]))).message).toMatch(
      /configs\/sweeps\/m\.yaml:4: metric: expected eval-loss or a judge of configs\/runs\/tiny\.yaml \(answer-correctness@1, /,
    );
    expect(
      errorOf(() => expandSweep(root, sweep("t", ["space:", "  tags: { grid: [[a]] }"]))).message,
    ).toContain("space.tags");
    const sh = (rungs: number) =>
      sweep("sh", [
        "scheduler: { kind: successive-halving, rungs: " + rungs + ", eta: 2 }",
        "space:",
        "  training.lr: { uniform: [0.001, 0.01] }",
      ]);
    expect(expandSweep(root, sh(3)).rungSteps).toEqual([3, 5, 10]); // 10 steps: 10/4 → 3 (2.5 rounds up), 10/2, 10
    expect(errorOf(() => expandSweep(root, sh(5))).message).toMatch(
      /scheduler: expected rungs at distinct steps .*found rung steps 1, 1, 3, 5, 10 of 10/,
    );
  });

  it("lists the matrix in waves of at most 256 jobs, overrides space-separated for the workflow", () => {
    const values = Array.from({ length: 300 }, (_, i) => i);
    const x = expandSweep(root, sweep("big", ["space:", `  seed: { grid: [${values.join(", ")}] }`]));
    const one = sweepMatrix(root, x);
    expect([one.jobs, one.trials, one.waves, one.wave]).toEqual([MAX_MATRIX_JOBS, 300, 2, 1]);
    const two = sweepMatrix(root, x, { wave: 2 });
    const include = JSON.parse(two.matrix).include as {
      trial: string;
      overrides: string;
      config: string;
      "stop-at-step": number;
    }[];
    expect(include.length).toBe(44);
    expect(include[0]).toMatchObject({
      trial: "t256",
      config: TINY_CONFIG,
      "stop-at-step": 0,
      resume: false,
    });
    expect(include[0].overrides).toBe(`seed=256 name=big-t256 tags=["sweep:big"]`);
    expect(() => sweepMatrix(root, x, { wave: 3 })).toThrow(/--wave: expected a wave in 1\.\.2/);
    const spaced = expandSweep(root, sweep("sp", ["space:", '  description: { grid: ["a b"] }']));
    expect(() => sweepMatrix(root, spaced)).toThrow(/values without spaces/);
  });
});
