import { expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import { checkReferences, indexRepo, runsWithoutManifest } from "./references.ts";

it("a run config names registered judges", () => {
  const config = RunConfig.parse({
    schemaVersion: 1,
    dataset: { name: "demo" },
    judges: ["format@1", "vibes@1"],
  });
  const files = ["datasets/demo.yaml", "configs/runs/a.yaml"];
  const lineOf = (p: PropertyKey[]) => (p[0] === "judges" ? 5 + Number(p[1]) : undefined);
  expect(checkReferences("run-config", "configs/runs/a.yaml", config, lineOf, indexRepo(files))).toEqual([]);
  const withJudges = indexRepo(files, new Set(["format@1", "answer-correctness@1"]));
  expect(
    checkReferences("run-config", "configs/runs/a.yaml", config, lineOf, withJudges),
  ).toMatchInlineSnapshot(`
    [
      {
        "expected": "a registered judge (answer-correctness@1, format@1)",
        "field": "judges.1",
        "file": "configs/runs/a.yaml",
        "found": ""vibes@1"",
        "hint": "fix the name or version",
        "line": 6,
      },
    ]
  `);
});

it("finds run folders without run.json once per folder", () => {
  const files = ["runs/a/run.json", "runs/a/metrics.jsonl", "runs/b/metrics.jsonl", "runs/b/verdicts.jsonl"];
  expect(runsWithoutManifest(files, indexRepo(files)).map((p) => p.file)).toEqual(["runs/b/run.json"]);
});
