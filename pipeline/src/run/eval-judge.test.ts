// Judging and summarizing an extra eval sampled k = 3 times: verdicts keep every sample (the row's
// own fields are the first sample's), the summary names the eval and its dataset/split, reports
// pass@1, pass@3 and maj@3 (maj@k only for answer judges) that agree with a count made here from
// the verdict rows, counts the prompts cut to fit, and the stage records go to eval.json while the
// run's own files and run.json stages stay as they were.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, TINY_CONFIG, writeRepoFile } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { EvalManifest } from "../schemas/eval.ts";
import { EvalSummary } from "../schemas/summary.ts";
import { loadRunConfig } from "./config-load.ts";
import { evalDirOf, recordEvalStage } from "./eval-target.ts";
import { inferRun } from "./infer-stage.ts";
import { judgeRunFolder, summarizeRunFolder } from "./judge-stage.ts";
import { readRunManifest } from "./manifest.ts";
import { trainWithManifest } from "./train-stage.ts";

let root: string;
let runDir: string;
const NAME = "mixed-k3";

beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
  // A dataset of the e2e traces and one whose prompt no 128-token context holds.
  const long = {
    schemaVersion: 1,
    id: "long-1",
    source: "e2e/long",
    prompt: `${"Think about the numbers carefully. ".repeat(5)}What is 2 + 2?`,
    steps: [{ text: "2 + 2 = 4" }],
    answer: "4",
  };
  writeRepoFile(root, "traces/long/long.jsonl", `${JSON.stringify(long)}\n`);
  writeRepoFile(
    root,
    "datasets/mixed.yaml",
    "schemaVersion: 1\nname: mixed\nsources: [traces/long/*.jsonl, traces/e2e/*.jsonl]\nsplit: { ratios: { test: 1 } }\nseed: 2\n",
  );
  await writeDatasetLock(root, "mixed");
  const loaded = loadRunConfig(root, TINY_CONFIG, ["training.steps=20"]);
  await trainWithManifest({ root, runId: "judged", loaded });
  runDir = path.join(root, "runs", "judged");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("an extra eval with samples", () => {
  it("is judged sample by sample and summarized with pass@k and maj@k", async () => {
    const req = {
      name: NAME,
      dataset: "mixed",
      split: "test",
      samples: 3,
      decoding: "sample" as const,
      temperature: 1.2,
    };
    const stagesBefore = readRunManifest(runDir).stages;
    await inferRun({ root, runDir, eval: req });
    const dir = evalDirOf(runDir, NAME);
    const verdicts = await recordEvalStage(dir, "judge", () => judgeRunFolder({ root, runDir, eval: NAME }));
    const summary = await recordEvalStage(dir, "summarize", async () =>
      summarizeRunFolder({ root, runDir, eval: NAME }),
    );
    expect(EvalSummary.parse(JSON.parse(readFileSync(path.join(dir, "eval_summary.json"), "utf8")))).toEqual(
      summary,
    );
    expect(summary).toMatchObject({ run: "judged", dataset: "mixed", split: "test", eval: NAME, n: 25 });
    expect(summary.truncatedPrompts).toBe(1);

    const ac = verdicts.filter((v) => v.judge === "answer-correctness@1");
    expect(ac).toHaveLength(25);
    for (const v of ac) {
      expect(v.samples).toHaveLength(3);
      expect(v.samples?.[0]).toEqual({ correct: v.correct, extracted: v.extracted });
    }
    // Counted here from the verdicts: pass@1 = mean fraction correct, pass@3 (k = n) = any correct.
    const frac = ac.map((v) => v.samples!.filter((s) => s.correct).length / 3);
    const any = ac.map((v) => (v.samples!.some((s) => s.correct) ? 1 : 0));
    const s = summary.judges["answer-correctness@1"].sampled!;
    expect(s.k).toBe(3);
    expect(s.passAt1.score).toBeCloseTo(frac.reduce((a, b) => a + b, 0) / 25, 5);
    expect(s.passAtK.score).toBeCloseTo(any.reduce((a: number, b) => a + b, 0) / 25, 5);
    expect(s.majAtK).toBeDefined();
    expect(s.passAtK.score).toBeGreaterThanOrEqual(s.passAt1.score);
    expect(summary.judges["format@1"].sampled?.majAtK).toBeUndefined();

    const m = EvalManifest.parse(JSON.parse(readFileSync(path.join(dir, "eval.json"), "utf8")));
    expect(m.status).toBe("completed");
    expect(Object.keys(m.stages).sort()).toEqual(["infer", "judge", "summarize"]);
    expect(readRunManifest(runDir).stages).toEqual(stagesBefore);
  });

  it("names an eval that does not exist", async () => {
    const err = await judgeRunFolder({ root, runDir, eval: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).problems[0]).toMatchObject({ file: "runs/judged/evals/nope/eval.json" });
  });
});
