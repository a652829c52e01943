// runPipeline: resumability (completed stages are skipped, `force` redoes all, a failed stage is
// redone on the next run), failure records (run.json `failed` with stage and message, earlier files
// intact), and the refusals that happen before any training (stale lock, unknown judge, a reused
// run id with another config).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATASET,
  makeTinyRepo,
  runCli,
  TINY_CONFIG,
  TINY_JUDGES,
  TRACE_FILE,
} from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { judgeRunFolder } from "./judge-stage.ts";
import { readRunManifest, runStage, writeRunManifest } from "./manifest.ts";
import { runPipeline } from "./pipeline.ts";

const ALL = ["train", "infer", "judge", "summarize"];
const withoutTimings = (b: Buffer) => b.toString("utf8").replace(/"ms":\d+,/g, "");

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function tinyRepoWithLock(): Promise<string> {
  const root = makeTinyRepo({ traces: 24 });
  roots.push(root);
  await writeDatasetLock(root, DATASET);
  return root;
}

describe("runPipeline: resume and failure", () => {
  let root: string;
  let runDir: string;
  const file = (name: string) => path.join(runDir, name);
  const bytes = (name: string) => readFileSync(file(name));

  beforeAll(async () => {
    root = await tinyRepoWithLock();
  });

  it("runs every stage once, then skips the completed ones", async () => {
    const lines: string[] = [];
    const first = await runPipeline({ root, configPath: TINY_CONFIG, log: (l) => lines.push(l) });
    runDir = first.runDir;
    expect(first.skipped).toEqual([]);
    expect(first.interrupted).toBe(false);
    expect(lines.map((l) => l.split(":")[0])).toEqual(ALL);
    expect(readRunManifest(runDir).status).toBe("completed");

    const predictions = bytes("predictions.jsonl");
    const lines2: string[] = [];
    const second = await runPipeline({ root, configPath: TINY_CONFIG, log: (l) => lines2.push(l) });
    expect(second.runId).toBe(first.runId);
    expect(second.skipped).toEqual(ALL);
    expect(lines2).toEqual([]);
    expect(bytes("predictions.jsonl").equals(predictions)).toBe(true);
    expect(second.summary).toEqual(first.summary);
  });

  it("records a failing stage in run.json, keeps earlier files, and redoes it on the next run", async () => {
    const saved = ["metrics.jsonl", "predictions.jsonl", "verdicts.jsonl", "eval_summary.json"].map((f) => [
      f,
      bytes(f),
    ]) as [string, Buffer][];
    // An interrupted judge: its record is gone, and so are the predictions it needs.
    const m = readRunManifest(runDir);
    delete m.stages.judge;
    delete m.stages.summarize;
    writeRunManifest(runDir, m);
    rmSync(file("predictions.jsonl"));

    await expect(runPipeline({ root, configPath: TINY_CONFIG })).rejects.toThrow(/predictions\.jsonl/);
    const failed = readRunManifest(runDir);
    expect(failed.status).toBe("failed");
    expect(failed.error?.stage).toBe("judge");
    expect(failed.error?.message).toMatch(/predictions\.jsonl/);
    expect(failed.stages.judge.status).toBe("failed");
    expect(failed.stages.train.status).toBe("completed");
    expect(failed.stages.infer.status).toBe("completed");
    expect(failed.stages.summarize).toBeUndefined();
    for (const [name, before] of saved) {
      if (name !== "predictions.jsonl") expect(bytes(name).equals(before), name).toBe(true);
    }
    expect(existsSync(path.join(root, "artifacts", failed.id, "model", "model.safetensors"))).toBe(true);

    writeFileSync(file("predictions.jsonl"), saved[1][1]);
    const resumed = await runPipeline({ root, configPath: TINY_CONFIG });
    expect(resumed.skipped).toEqual(["train", "infer"]);
    const done = readRunManifest(runDir);
    expect(done.status).toBe("completed");
    expect(done.error).toBeUndefined();
    for (const [name, before] of saved) expect(bytes(name).equals(before), name).toBe(true);
  });

  it("marks the run failed when judgeRunFolder gets a judge that does not exist", async () => {
    const verdicts = bytes("verdicts.jsonl");
    const judge = () => judgeRunFolder({ root, runDir, judges: ["no-such-judge@1"] });
    await expect(runStage(runDir, "judge", judge)).rejects.toThrow(/no-such-judge@1/);
    const m = readRunManifest(runDir);
    expect(m.status).toBe("failed");
    expect(m.error).toEqual({ stage: "judge", message: expect.stringMatching(/no-such-judge@1/) });
    expect(m.stages.summarize).toBeUndefined(); // stale once judge is redone
    expect(bytes("verdicts.jsonl").equals(verdicts)).toBe(true);

    // A re-judge alone leaves summarize to do (`pending`); the next run does only that.
    await runStage(runDir, "judge", () => judgeRunFolder({ root, runDir }));
    expect(readRunManifest(runDir).status).toBe("pending");
    const r = await runPipeline({ root, configPath: TINY_CONFIG });
    expect(r.skipped).toEqual(["train", "infer", "judge"]);
    expect(readRunManifest(runDir).status).toBe("completed");
    expect(bytes("verdicts.jsonl").equals(verdicts)).toBe(true);
  });

  it("redoes every stage with force, into the same results (same seed, same backend)", async () => {
    const before = readRunManifest(runDir);
    const predictions = withoutTimings(bytes("predictions.jsonl"));
    const summary = bytes("eval_summary.json");
    const lines: string[] = [];
    const r = await runPipeline({ root, configPath: TINY_CONFIG, force: true, log: (l) => lines.push(l) });
    expect(r.skipped).toEqual([]);
    expect(lines.map((l) => l.split(":")[0])).toEqual(ALL);
    const after = readRunManifest(runDir);
    expect(after.status).toBe("completed");
    expect(Date.parse(after.createdAt)).toBeGreaterThan(Date.parse(before.createdAt));
    // Predictions carry the generation time per item (`ms`); everything else is the same.
    expect(withoutTimings(bytes("predictions.jsonl"))).toBe(predictions);
    expect(bytes("eval_summary.json").equals(summary)).toBe(true);
  });

  it("refuses to resume a run id with another config", async () => {
    const runId = path.basename(runDir);
    await expect(
      runPipeline({ root, configPath: TINY_CONFIG, runId, sets: ["training.steps=11"] }),
    ).rejects.toThrow(/made with another config.*--force/);
    expect(readRunManifest(runDir).status).toBe("completed");
  });
});

describe("runPipeline: refusals before training", () => {
  it("refuses a stale dataset lock, naming the dataset and the fix", async () => {
    const root = await tinyRepoWithLock();
    const text = readFileSync(path.join(root, TRACE_FILE), "utf8");
    writeFileSync(path.join(root, TRACE_FILE), text.replace('"answer":"', '"answer":"1'));
    const r = runCli(root, ["run", TINY_CONFIG]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`datasets/${DATASET}.lock.json`);
    expect(r.stderr).toContain(`tunix-rt dataset build ${DATASET}`);
    expect(existsSync(path.join(root, "runs"))).toBe(false);
  });

  it("refuses a config naming an unknown judge before it trains", async () => {
    const root = await tinyRepoWithLock();
    const sets = [`judges=[${TINY_JUDGES[0]}, answer-corectness@1]`];
    const err = await runPipeline({ root, configPath: TINY_CONFIG, sets }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).problems[0]).toMatchObject({ file: TINY_CONFIG, field: "judges" });
    expect((err as TunixError).message).toContain("answer-corectness@1");
    expect(existsSync(path.join(root, "runs"))).toBe(false);
  });
});

describe("runPipeline: the evals a config lists (inference.evals)", () => {
  let root: string;
  let runDir: string;
  const EVALS =
    "inference.evals=[{name: tr, dataset: e2e, split: train, limit: 4}, {dataset: e2e, maxNewTokens: 8}]";
  const evalFile = (name: string, f: string) => path.join(runDir, "evals", name, f);

  beforeAll(async () => {
    root = await tinyRepoWithLock();
  });

  it("runs each listed eval after the run's own, into runs/<id>/evals/<name>/", async () => {
    const lines: string[] = [];
    const r = await runPipeline({ root, configPath: TINY_CONFIG, sets: [EVALS], log: (l) => lines.push(l) });
    runDir = r.runDir;
    expect(lines.map((l) => l.split(":")[0])).toEqual([
      ...ALL,
      "eval tr infer",
      "eval tr judge",
      "eval tr summarize",
      "eval e2e-eval infer",
      "eval e2e-eval judge",
      "eval e2e-eval summarize",
    ]);
    expect(r.evals?.map((e) => [e.name, e.summary.split, e.summary.n])).toEqual([
      ["tr", "train", 4],
      ["e2e-eval", "eval", r.summary?.n],
    ]);
    const tr = JSON.parse(readFileSync(evalFile("tr", "eval.json"), "utf8"));
    expect(tr.status).toBe("completed");
    expect(Object.keys(tr.stages).sort()).toEqual(["infer", "judge", "summarize"]);
    expect(readRunManifest(runDir).status).toBe("completed");
  });

  it("keeps the run id without the list, and skips the evals already done", async () => {
    const plain = await runPipeline({ root, configPath: TINY_CONFIG });
    expect(plain.runDir).toBe(runDir); // the same trained run: nothing retrained
    expect(plain.skipped).toEqual(ALL);
    expect(plain.evals).toEqual([]);
    expect(readRunManifest(runDir).config.inference.evals).toBeUndefined();

    const before = readFileSync(evalFile("tr", "predictions.jsonl"));
    const lines: string[] = [];
    const again = await runPipeline({
      root,
      configPath: TINY_CONFIG,
      sets: [EVALS],
      log: (l) => lines.push(l),
    });
    expect(again.skipped).toEqual([...ALL, "eval tr", "eval e2e-eval"]);
    expect(lines).toEqual([]);
    expect(readFileSync(evalFile("tr", "predictions.jsonl")).equals(before)).toBe(true);
    expect(readRunManifest(runDir).config.inference.evals?.map((e) => e.name ?? e.dataset)).toEqual([
      "tr",
      "e2e",
    ]);
  });

  it("redoes only an eval's unfinished stage", async () => {
    const file = evalFile("e2e-eval", "eval.json");
    const m = JSON.parse(readFileSync(file, "utf8"));
    delete m.stages.summarize;
    m.status = "pending";
    writeFileSync(file, JSON.stringify(m));
    const lines: string[] = [];
    await runPipeline({ root, configPath: TINY_CONFIG, sets: [EVALS], log: (l) => lines.push(l) });
    expect(lines.map((l) => l.split(":")[0])).toEqual(["eval e2e-eval summarize"]);
    expect(JSON.parse(readFileSync(file, "utf8")).status).toBe("completed");
  });

  it("names a listed eval that fails, and keeps the run completed", async () => {
    const sets = ["inference.evals=[{name: nope, dataset: e2e, split: holdout}]"];
    const err = await runPipeline({ root, configPath: TINY_CONFIG, sets }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    const [first, ...rest] = (err as TunixError).problems;
    expect(first).toMatchObject({ field: "config.inference.evals (nope)" });
    expect(first.message).toContain("eval nope failed at infer");
    expect(rest.map((p) => JSON.stringify(p)).join(" ")).toContain("holdout");
    expect(readRunManifest(runDir).status).toBe("completed");
    expect(existsSync(evalFile("tr", "eval_summary.json"))).toBe(true);
  });
});
