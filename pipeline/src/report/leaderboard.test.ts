import { describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import type { RunManifest } from "../schemas/run.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { judgedAtOf, judgingOf, leaderboardFacets, leaderboardRows, sortRows } from "./leaderboard.ts";

function manifest(id: string, extra: Partial<RunManifest> = {}): RunManifest {
  return {
    schemaVersion: 1,
    id,
    name: id.split("-")[0],
    config: RunConfig.parse({ schemaVersion: 1, dataset: { name: "demo" }, tags: ["tiny"] }),
    status: "completed",
    createdAt: "2026-11-01T00:00:00Z",
    updatedAt: "2026-11-02T00:00:00Z",
    versions: {},
    stages: {},
    artifacts: [],
    ...extra,
  };
}

function summary(run: string, dataset: string, scores: Record<string, number>): EvalSummary {
  const cell = (score: number) => ({
    score,
    n: 100,
    correct: Math.round(score * 100),
    ci95: {
      wilson: [score - 0.1, score + 0.1] as [number, number],
      bootstrap: [score - 0.1, score + 0.1] as [number, number],
    },
    byCategory: {},
    byDifficulty: {},
    bySource: {},
    bySteps: {},
  });
  return {
    schemaVersion: 1,
    run,
    dataset,
    split: "eval",
    n: 100,
    judges: Object.fromEntries(Object.entries(scores).map(([j, s]) => [j, cell(s)])),
    formatRate: null,
    truncationRate: 0,
    meanOutputTokens: 10,
  };
}

describe("leaderboardRows", () => {
  it("makes one row per run × dataset × judge, best score first, with commit and CI", () => {
    const a = manifest("a-1", { git: { commit: "abc", dirty: false } });
    const b = manifest("b-2");
    const rows = leaderboardRows([
      {
        manifest: a,
        summary: summary("a-1", "demo", { "answer-correctness@1": 0.4, "format@1": 0.9 }),
        judgedAt: "1",
      },
      { manifest: b, summary: summary("b-2", "demo", { "answer-correctness@1": 0.6 }), judgedAt: "1" },
      undefined,
    ]);
    expect(rows.map((r) => r.key)).toEqual([
      "a-1|demo|format@1",
      "b-2|demo|answer-correctness@1",
      "a-1|demo|answer-correctness@1",
    ]);
    expect(rows[2]).toMatchObject({
      commit: "abc",
      ci95: [0.4 - 0.1, 0.4 + 0.1],
      family: "gpt",
      tags: ["tiny"],
      n: 100,
      correct: 40,
    });
  });

  it("keeps only the latest judging of the same run, dataset and judge", () => {
    const a = manifest("a-1");
    const rows = leaderboardRows([
      {
        manifest: a,
        summary: summary("a-1", "demo", { "answer-correctness@1": 0.7 }),
        judgedAt: "2026-11-03T00:00:00Z",
      },
      {
        manifest: a,
        summary: summary("a-1", "demo", { "answer-correctness@1": 0.2 }),
        judgedAt: "2026-11-02T00:00:00Z",
      },
      {
        manifest: a,
        summary: summary("a-1", "other", { "answer-correctness@1": 0.5 }),
        judgedAt: "2026-11-01T00:00:00Z",
      },
    ]);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.dataset === "demo")?.score).toBe(0.7);
  });
});

describe("sortRows / facets / judgedAt", () => {
  const rows = leaderboardRows([
    {
      manifest: manifest("b-2", { git: { commit: "c2", dirty: false } }),
      summary: summary("b-2", "demo", { "x@1": 0.5 }),
      judgedAt: "1",
    },
    { manifest: manifest("a-1"), summary: summary("a-1", "gsm", { "x@1": 0.9 }), judgedAt: "1" },
  ]);
  it("sorts by any column both ways and puts missing values last", () => {
    expect(sortRows(rows, "run", "asc").map((r) => r.run)).toEqual(["a-1", "b-2"]);
    expect(sortRows(rows, "run", "desc").map((r) => r.run)).toEqual(["b-2", "a-1"]);
    expect(sortRows(rows, "commit", "asc").map((r) => r.run)).toEqual(["b-2", "a-1"]);
    expect(sortRows(rows, "commit", "desc").map((r) => r.run)).toEqual(["b-2", "a-1"]);
  });
  it("lists filter values and picks the judging time", () => {
    expect(leaderboardFacets(rows)).toEqual({
      dataset: ["demo", "gsm"],
      family: ["gpt"],
      judge: ["x@1"],
      tag: ["tiny"],
    });
    const m = manifest("a-1", { stages: { summarize: { status: "completed", endedAt: "T9" } } });
    expect(judgedAtOf(m)).toBe("T9");
    expect(judgedAtOf(manifest("a-1"))).toBe("2026-11-02T00:00:00Z");
    expect(judgingOf({ manifest: m, summary: undefined })).toBeUndefined();
  });
});
