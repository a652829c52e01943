import { describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import type { RunManifest } from "../schemas/run.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { SweepConfig } from "../schemas/sweep.ts";
import { sweepTrials } from "./sweep-view.ts";

const run = (id: string, lr: number, score: number | null, tags = ["sweep:lr"]) => ({
  manifest: {
    schemaVersion: 1,
    id,
    name: "x",
    config: RunConfig.parse({ schemaVersion: 1, dataset: { name: "d" }, tags, training: { lr } }),
    status: "completed",
    createdAt: "",
    updatedAt: "",
    versions: {},
    stages: {},
    artifacts: [],
  } as RunManifest,
  summary:
    score === null
      ? null
      : ({
          judges: { "answer-correctness@1": { score, ci95: { wilson: [0, 1], bootstrap: [0, 1] } } },
        } as unknown as EvalSummary),
});

describe("sweepTrials", () => {
  it("takes the runs tagged with the sweep, reads the searched keys and picks the best by mode", () => {
    const sweep = SweepConfig.parse({
      schemaVersion: 1,
      name: "lr",
      base: "configs/runs/tiny.yaml",
      space: { "training.lr": { loguniform: [1e-4, 1e-2] } },
    });
    const runs = [
      run("t2", 0.01, 0.3),
      run("t1", 0.001, 0.5),
      run("t3", 0.005, null),
      run("other", 1, 0.9, []),
    ];
    const { trials, best } = sweepTrials(sweep, runs);
    expect(trials.map((t) => t.run)).toEqual(["t1", "t2", "t3"]);
    expect(trials[0].params).toEqual({ "training.lr": 0.001 });
    expect(best?.run).toBe("t1");
    expect(sweepTrials({ ...sweep, mode: "min" }, runs).best?.run).toBe("t2");
  });
});
