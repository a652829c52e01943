// Numeric faults and sizes that cannot fit, through the real CLI: a diverging loss stops at the step
// it happens with a message saying what to change (reported: an uncaught ZodError, exit 7), never a
// NaN row in metrics.jsonl; shapes too big for the machine are refused by the model plan before
// anything is allocated (reported: RangeError, or minutes of allocation); every one exits 1 or 2
// with one message and no stack trace.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, runCli, TINY_CONFIG } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import type { TunixError } from "../errors.ts";
import { checkFinite } from "./numeric-fault.ts";

let root: string;
beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function userError(r: { code: number; stderr: string }, code = 1): string {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).not.toMatch(/\n\s+at |ZodError|RangeError|Node\.js v/);
  return r.stderr.trim();
}

describe("a loss that stops being finite stops training at that step", () => {
  it.each([
    [
      "training.lr=100 (reported)",
      ["training.lr=100", "training.steps=60"],
      /^training\.lr: (loss|gradient norm) became NaN at step \d+ \(lr [\d.]+\): training diverged \(lower training\.lr \(now 100; e\.g\. --set training\.lr=10\), keep training\.clipGradNorm on, or add training\.warmupSteps; then run again — the run keeps its last good checkpoint\)$/,
    ],
    [
      "a huge lr without clipping",
      ["training.lr=1e30", "training.clipGradNorm=0", "training.steps=20"],
      /^training\.lr: (loss|gradient norm) became (NaN|infinite) at step \d+ \(lr [\de.+]+\): training diverged \(lower training\.lr \(now 1e\+30; e\.g\. --set training\.lr=1e\+29\)/,
    ],
  ])("%s", (_, sets, pattern) => {
    const r = runCli(root, ["run", TINY_CONFIG, ...sets.flatMap((s) => ["--set", s])]);
    const message = userError(r);
    expect(message.split("\n").pop()).toMatch(pattern);
    const id = /runs\/(\S+)/.exec(r.stderr)?.[1] ?? "";
    const m = JSON.parse(readFileSync(path.join(root, "runs", id, "run.json"), "utf8"));
    expect(m.status).toBe("failed");
    expect(m.error.message).toBe(message.split("\n").pop());
    const metrics = readFileSync(path.join(root, "runs", id, "metrics.jsonl"), "utf8");
    expect(metrics).not.toMatch(/null|NaN/);
  });

  it("an eval loss or gradient norm that is infinite is caught the same way", () => {
    const thrown = (v: Parameters<typeof checkFinite>[0]) => {
      try {
        checkFinite(v);
      } catch (err) {
        return (err as TunixError).message;
      }
      return "finite";
    };
    expect(thrown({ step: 40, lr: 0.002, peakLr: 0.003, evalLoss: Number.POSITIVE_INFINITY })).toBe(
      "training.lr: eval loss became infinite at step 40 (lr 0.002): training diverged (lower training.lr (now 0.003; e.g. --set training.lr=0.0003), keep training.clipGradNorm on, or add training.warmupSteps; then run again — the run keeps its last good checkpoint)",
    );
    expect(thrown({ step: 3, lr: 1, peakLr: 1, loss: 2.5, gradNorm: Number.NEGATIVE_INFINITY })).toMatch(
      /^training\.lr: gradient norm became infinite at step 3/,
    );
    expect(thrown({ step: 3, lr: 1, peakLr: 1, loss: 2.5, gradNorm: 1e30 })).toBe("finite");
  });
});

describe("shapes that cannot fit are refused before anything is allocated", () => {
  it.each([
    [
      "context 131,072 (reported: RangeError)",
      "model.context=131072",
      /^training: the run does not fit on \w+: .*activations [\d.]+ GB/,
    ],
    [
      "dModel 16,384 (reported: out of bounds)",
      "model.dModel=16384",
      /^training: the run does not fit on \w+: .*weights [\d.]+ GB/,
    ],
    ["batchSize 100,000,000", "training.batchSize=100000000", /^training: the run does not fit on \w+: /],
  ])("%s: the model plan says why, with its figures", (_, set, message) => {
    const r = runCli(root, ["run", TINY_CONFIG, "--set", set, "--set", "training.steps=2"]);
    const text = userError(r);
    expect(text.split("\n").pop()).toMatch(message);
    expect(text).toMatch(/see `tunix-rt model plan <config>`\)$/);
  });

  it.each([
    [
      "layers 100,000 (reported: minutes of allocation)",
      "model.layers=100000",
      "--set: model.layers: expected at most 256, found 100000 (fix --set model.layers=…)",
    ],
    [
      "gradAccumSteps 100,000,000",
      "training.gradAccumSteps=100000000",
      "--set: training.gradAccumSteps: expected at most 1,024, found 100000000 (fix --set training.gradAccumSteps=…)",
    ],
    [
      "maxNewTokens 100,000,000",
      "inference.maxNewTokens=100000000",
      "--set: inference.maxNewTokens: expected at most 131,072, found 100000000 (fix --set inference.maxNewTokens=…)",
    ],
  ])("%s: bounded by the schema", (_, set, message) => {
    expect(userError(runCli(root, ["run", TINY_CONFIG, "--set", set]))).toBe(message);
  });
});
