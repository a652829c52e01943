// A rung stop is not part of a run's identity: `runPipeline({ stopAtStep })` trains to the step,
// evaluates, checkpoints and leaves run.json `pending` with `stoppedAtStep` (not completed); the same
// run id then resumes from that checkpoint, rung after rung, and the finished run trains the same
// losses and predicts the same text as one trained straight through.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, TINY_CONFIG } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { readRunManifest } from "../run/manifest.ts";
import { runPipeline } from "../run/pipeline.ts";

let root: string;
beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rows = (runDir: string) =>
  readFileSync(path.join(runDir, "metrics.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; step: number; loss?: number; evalLoss?: number });
const withoutMs = (file: string) => readFileSync(file, "utf8").replace(/"ms":[\d.]+,/g, "");

describe("training stopped at a rung", () => {
  it("stops, stays resumable under the same run id, and ends like an uninterrupted run", async () => {
    const first = await runPipeline({ root, configPath: TINY_CONFIG, stopAtStep: 4 });
    expect(first.stoppedAtStep).toBe(4);
    const m = readRunManifest(first.runDir);
    expect(m.status).toBe("pending");
    expect(m.stages.train).toMatchObject({ status: "pending", stoppedAtStep: 4 });
    expect(m.artifacts).toEqual([]);
    expect(existsSync(path.join(first.runDir, "predictions.jsonl"))).toBe(false);
    expect(
      rows(first.runDir)
        .filter((r) => r.kind === "eval")
        .map((r) => r.step),
    ).toEqual([4]);

    const metricsBefore = readFileSync(path.join(first.runDir, "metrics.jsonl"), "utf8");
    const again = await runPipeline({ root, configPath: TINY_CONFIG, stopAtStep: 4 });
    expect([again.runId, again.stoppedAtStep]).toEqual([first.runId, 4]);
    expect(readFileSync(path.join(first.runDir, "metrics.jsonl"), "utf8")).toBe(metricsBefore); // nothing trained again

    const second = await runPipeline({ root, configPath: TINY_CONFIG, stopAtStep: 7 });
    expect([second.runId, second.stoppedAtStep]).toEqual([first.runId, 7]);
    const done = await runPipeline({ root, configPath: TINY_CONFIG });
    expect(done.runId).toBe(first.runId);
    expect(done.stoppedAtStep).toBeUndefined();
    expect(readRunManifest(done.runDir).status).toBe("completed");
    expect(readRunManifest(done.runDir).stages.train?.stoppedAtStep).toBeUndefined();

    const straight = await runPipeline({ root, configPath: TINY_CONFIG, runId: "tiny-straight" });
    const train = (dir: string) =>
      rows(dir)
        .filter((r) => r.kind === "train")
        .map((r) => [r.step, r.loss]);
    expect(train(done.runDir)).toEqual(train(straight.runDir));
    const finalEval = (dir: string) => rows(dir).filter((r) => r.kind === "eval" && r.step === 10);
    expect(finalEval(done.runDir).map((r) => r.evalLoss)).toEqual(
      finalEval(straight.runDir).map((r) => r.evalLoss),
    );
    expect(
      rows(done.runDir)
        .filter((r) => r.kind === "eval")
        .map((r) => r.step),
    ).toEqual([4, 7, 10]);
    expect(withoutMs(path.join(done.runDir, "predictions.jsonl"))).toBe(
      withoutMs(path.join(straight.runDir, "predictions.jsonl")),
    );
  }, 120_000);
});
