// The whole flow through the real CLI, in a temp git repository: `traces synth` (ad hoc) beside
// hand-written traces → `dataset build` → `validate` → `run` (train → infer → judge → summarize on a
// tiny GPT) → `judge` again (byte-identical) → `run` again (every stage skipped) → `validate` with
// the run folder present → a second run with `--set seed=1` → `compare`.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetLock } from "../../pipeline/src/schemas/lock.ts";
import { MetricsRow, PredictionRow, VerdictRow } from "../../pipeline/src/schemas/rows.ts";
import { RunManifest, STAGES } from "../../pipeline/src/schemas/run.ts";
import { EvalSummary } from "../../pipeline/src/schemas/summary.ts";
import { DATASET, git, makeTinyRepo, runCli, TINY_CONFIG, TINY_JUDGES } from "./tiny-repo.ts";

const jsonl = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as unknown);

describe("tunix-rt end to end", () => {
  let root: string;
  let evalIds: string[];
  let runId: string;
  const runFile = (name: string) => path.join(root, "runs", runId, name);
  const ok = (args: string[]) => {
    const r = runCli(root, args);
    expect(r.code, `tunix-rt ${args.join(" ")}\n${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(() => {
    root = makeTinyRepo({ traces: 32 });
    ok([
      "traces",
      "synth",
      "--family",
      "carries",
      "--count",
      "8",
      "--seed",
      "4",
      "--difficulty",
      "1",
      "--out",
      "traces/e2e/carries.jsonl",
    ]);
    ok(["dataset", "build", DATASET]);
    const lock = DatasetLock.parse(
      JSON.parse(readFileSync(path.join(root, `datasets/${DATASET}.lock.json`), "utf8")),
    );
    evalIds = lock.splits.eval.map((e) => e.id);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("builds, validates, runs every stage and writes schema-valid results", () => {
    expect(evalIds.length).toBe(10); // 40 traces, a quarter of them
    const v = ok(["validate"]);
    expect(v.stdout).toMatch(/40 traces, 0 problems/);

    const r = ok(["run", TINY_CONFIG, "--json"]);
    const out = JSON.parse(r.stdout) as { runId: string; skipped: string[]; summary: unknown };
    runId = out.runId;
    expect(runId).toMatch(/^tiny-[0-9a-f]{8}$/);
    expect(out.skipped).toEqual([]);
    expect(r.stderr).toMatch(/train: runs\/tiny-/);

    const m = RunManifest.parse(JSON.parse(readFileSync(runFile("run.json"), "utf8")));
    expect(m.status).toBe("completed");
    expect(m.error).toBeUndefined();
    for (const stage of STAGES) {
      const s = m.stages[stage];
      expect(s?.status, stage).toBe("completed");
      expect(s?.seconds, stage).toBeGreaterThanOrEqual(0);
      expect(Date.parse(s?.endedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(s?.startedAt ?? ""));
    }
    expect(m.git?.commit).toBe(git(root, ["rev-parse", "HEAD"]));
    expect(m.backend?.name).toBe("wasm");
    expect(m.tokenizer?.fingerprint).toMatch(/\w/);
    expect(m.config.training.steps).toBe(10);
    expect(m.generation).toMatchObject({ items: evalIds.length, maxNewTokens: 24, split: "eval" });

    const metrics = jsonl(runFile("metrics.jsonl")).map((x) => MetricsRow.parse(x));
    expect(metrics.filter((x) => x.kind === "train").map((x) => x.step)).toEqual([5, 10]);

    const predictions = jsonl(runFile("predictions.jsonl")).map((x) => PredictionRow.parse(x));
    expect(predictions.map((p) => p.id).sort()).toEqual([...evalIds].sort());
    for (const p of predictions) {
      // Short prompts leave room in the context: a row stops early or runs to maxNewTokens.
      expect(p.finishReason === "stop" || p.outputTokens === 24, p.id).toBe(true);
      expect(p.outputTokens).toBeLessThanOrEqual(24);
    }

    const verdicts = jsonl(runFile("verdicts.jsonl")).map((x) => VerdictRow.parse(x));
    for (const judge of TINY_JUDGES) {
      expect(
        verdicts
          .filter((x) => x.judge === judge)
          .map((x) => x.id)
          .sort(),
        judge,
      ).toEqual([...evalIds].sort());
    }
    expect(verdicts.length).toBe(TINY_JUDGES.length * evalIds.length);

    const summary = EvalSummary.parse(JSON.parse(readFileSync(runFile("eval_summary.json"), "utf8")));
    expect(summary).toMatchObject({ run: runId, dataset: DATASET, split: "eval", n: evalIds.length });
    expect(Object.keys(summary.judges).sort()).toEqual([...TINY_JUDGES].sort());
    expect(summary.formatRate).toBe(summary.judges["format@1"].score);
    expect(out.summary).toEqual(summary);
  });

  it("re-judges stored predictions into byte-identical verdicts and summary", () => {
    const files = ["verdicts.jsonl", "eval_summary.json", "predictions.jsonl"];
    const before = files.map((f) => readFileSync(runFile(f)));
    const r = ok(["judge", `runs/${runId}`, "--json"]);
    expect(EvalSummary.parse(JSON.parse(r.stdout)).run).toBe(runId);
    for (const [i, f] of files.entries()) expect(readFileSync(runFile(f)).equals(before[i]), f).toBe(true);
    expect(JSON.parse(readFileSync(runFile("run.json"), "utf8")).status).toBe("completed");
  });

  it("refuses usage errors of judge and infer without touching the run", () => {
    const before = readFileSync(runFile("run.json"));
    const judge = runCli(root, ["judge", `runs/${runId}`, "--judge", "answer-corectness@1"]);
    expect(judge.code).toBe(2);
    expect(judge.stderr).toMatch(/answer-corectness@1/);
    const infer = runCli(root, ["infer", `runs/${runId}`, "--device", "tpu"]);
    expect(infer.code).toBe(2);
    expect(infer.stderr).toMatch(/--device.*tpu/);
    expect(readFileSync(runFile("run.json")).equals(before)).toBe(true);
  });

  it("skips every stage when the same config runs again", () => {
    const predictions = readFileSync(runFile("predictions.jsonl"));
    const r = ok(["run", TINY_CONFIG, "--json"]);
    const out = JSON.parse(r.stdout) as { runId: string; skipped: string[] };
    expect(out.runId).toBe(runId);
    expect(out.skipped).toEqual(["train", "infer", "judge", "summarize"]);
    expect(r.stderr).not.toMatch(/train:|infer:/);
    expect(readFileSync(runFile("predictions.jsonl")).equals(predictions)).toBe(true);
    const plain = ok(["run", TINY_CONFIG]);
    expect(plain.stdout).toMatch(/skipped: train, infer, judge, summarize/);
  });

  it("validates the repository with the run folder present", () => {
    const v = ok(["validate"]);
    expect(v.stdout).toMatch(/0 problems/);
  });

  it("compares with a second run of another seed", () => {
    const r2 = ok(["run", TINY_CONFIG, "--set", "seed=1", "--json"]);
    const second = (JSON.parse(r2.stdout) as { runId: string }).runId;
    expect(second).not.toBe(runId);
    const c = ok(["compare", `runs/${runId}`, `runs/${second}`, "--json"]);
    const cmp = JSON.parse(c.stdout) as {
      runs: string[];
      pairs: { common: number; fixed: number; broken: number; bothRight: number; bothWrong: number }[];
      configDiff: { key: string; values: string[] }[];
    };
    expect(cmp.runs).toEqual([runId, second]);
    const pair = cmp.pairs[0];
    expect(pair.common).toBe(evalIds.length);
    expect(pair.fixed + pair.broken + pair.bothRight + pair.bothWrong).toBe(evalIds.length);
    expect(cmp.configDiff.map((d) => d.key)).toEqual(["seed"]);
    const text = ok(["compare", `runs/${runId}`, `runs/${second}`]);
    expect(text.stdout).toMatch(/McNemar/);
  });
});
