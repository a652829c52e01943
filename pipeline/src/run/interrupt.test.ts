// Interrupt and resume: SIGTERM (what CI time-outs send) checkpoints like Ctrl-C; the run is
// `interrupted` (not failed, not running); the printed command is exact (every --set, shell-quoted,
// and the run id) and, pasted into a shell, finishes the run; a signal during a later stage stops the
// pipeline after it; resuming with another config names the keys that differ, with
// repository-relative paths.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, DATASET, makeTinyRepo, NODE, runCli, TINY_CONFIG } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { trainRun } from "../train/sft.ts";
import { loadRunConfig } from "./config-load.ts";
import { readRunManifest } from "./manifest.ts";
import { runPipeline } from "./pipeline.ts";

let root: string;
beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SETS = ["training.steps=400", "inference.stop=[END OF, it's]"];

/** Start `tunix-rt run` and send `signal` once training has logged a step; resolves on exit. */
function runAndSignal(signal: NodeJS.Signals, args: string[]) {
  const child = spawn(NODE, [BIN, ...args], { cwd: root, env: { ...process.env, TUNIX_RT_ROOT: root } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.stderr.on("data", (d) => {
      stderr += String(d);
      if (/train: [1-9]\d*\/400/.test(stderr) && child.signalCode === null && !child.killed)
        child.kill(signal);
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("a signal stops training at a checkpoint", () => {
  it("SIGTERM (reported: not handled) leaves the run interrupted and prints the exact command", async () => {
    const r = await runAndSignal("SIGTERM", ["run", TINY_CONFIG, ...SETS.flatMap((s) => ["--set", s])]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/interrupt \(SIGTERM\): saving a checkpoint/);
    const id = /run (\S+): interrupted/.exec(r.stdout)?.[1] ?? "";
    const command = `tunix-rt run ${TINY_CONFIG} --set training.steps=400 --set 'inference.stop=[END OF, it'\\''s]' --run-id ${id}`;
    expect(r.stdout.trim()).toBe(`run ${id}: interrupted; resume with: ${command}`);
    const m = readRunManifest(path.join(root, "runs", id));
    expect(m.status).toBe("interrupted");
    expect(m.stages.train.status).toBe("interrupted");
    expect(m.error?.message).toMatch(
      new RegExp(`^interrupted after step \\d+; continue with: ${escapeRegExp(command)}$`),
    );

    // Another config on the same run id: refused, naming the keys.
    const other = runCli(root, [
      "run",
      TINY_CONFIG,
      "--set",
      "training.steps=400",
      "--set",
      "training.lr=0.01",
      "--run-id",
      id,
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr.trim()).toBe(
      `runs/${id}/run.json: the run was made with another config: inference.stop, training.lr differ (the run's config is in runs/${id}/run.json) (pass --force to redo it, or choose another --run-id)`,
    );
    const train = runCli(root, [
      "train",
      TINY_CONFIG,
      "--resume",
      "--run-id",
      id,
      "--set",
      "training.steps=400",
    ]);
    expect(train.stderr.trim()).toBe(
      `runs/${id}/run.json: the run was made with another config: inference.stop differs from ${TINY_CONFIG} (resume with the config and --set values it was made with (its config is in runs/${id}/run.json), or start a new run)`,
    );

    // The printed command, run by a shell as printed, finishes the same run.
    const shell = spawnSync("bash", ["-c", command.replace(/^tunix-rt /, `"${NODE}" "${BIN}" `)], {
      cwd: root,
      env: { ...process.env, TUNIX_RT_ROOT: root },
      encoding: "utf8",
    });
    expect(shell.status, shell.stderr).toBe(0);
    expect(shell.stdout).toMatch(new RegExp(`^run ${id}: completed`));
    expect(readRunManifest(path.join(root, "runs", id)).status).toBe("completed");
  });

  it("SIGINT on `train` does the same (covered in cli/train.test.ts); the checkpoint check names files by repository path", async () => {
    const loaded = loadRunConfig(root, TINY_CONFIG, ["training.steps=6", "training.checkpointEvery=3"]);
    const runDir = path.join(root, "runs", "ck-1");
    await trainRun({ root, runDir, config: loaded.config });
    const other = loadRunConfig(root, TINY_CONFIG, ["training.steps=6", "training.lr=0.1"]).config;
    const err = await trainRun({ root, runDir, config: other, resume: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).message).toMatch(
      /^artifacts\/ck-1\/checkpoints\/step-\d+: the checkpoint was made with another config \(resume with the config the run was made with/,
    );
  });
});

describe("a signal during a later stage", () => {
  it("stops the pipeline after that stage, interrupted, with the command that continues it", async () => {
    const controller = new AbortController();
    const r = await runPipeline({
      root,
      configPath: TINY_CONFIG,
      sets: ["seed=3"],
      signal: controller.signal,
      onInferProgress: () => controller.abort(),
    });
    expect(r.interrupted).toBe(true);
    expect(r.resumeCommand).toBe(`tunix-rt run ${TINY_CONFIG} --set seed=3 --run-id ${r.runId}`);
    const m = readRunManifest(r.runDir);
    expect(m.status).toBe("interrupted");
    expect(m.stages.infer.status).toBe("completed");
    expect(m.stages.judge).toBeUndefined();
    expect(m.error?.message).toBe(`interrupted between stages; continue with: ${r.resumeCommand}`);
    const resumed = await runPipeline({ root, configPath: TINY_CONFIG, sets: ["seed=3"] });
    expect(resumed.skipped).toEqual(["train", "infer"]);
    expect(readRunManifest(r.runDir).status).toBe("completed");
    expect(readFileSync(path.join(r.runDir, "eval_summary.json"), "utf8")).toMatch(/"schemaVersion"/);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
