// The sweep workflow's steps run here with the same arguments: the `run:` scripts of sweep.yml
// (plan, collect), sweep-rung.yml (select) and gpu-run.yml (the trial) are read from the YAML and
// run with bash in a temporary repository, `npx --no-install tunix-rt` pointing at this checkout's
// CLI and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY in temporary files. Each matrix job's run folder is
// moved aside as its artifact would be, and collect brings them back. What the YAML reads from the
// steps (outputs, matrix keys) must be what the commands write.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DATASET, makeTinyRepo, TINY_CONFIG, writeRepoFile } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { SweepResult } from "../schemas/sweep.ts";

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = path.join(PROJECT, "pipeline/bin/tunix-rt.js");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
}
interface Job {
  steps?: Step[];
  with?: Record<string, string>;
  outputs?: Record<string, string>;
}
const workflow = (file: string) =>
  parse(readFileSync(path.join(PROJECT, ".github/workflows", file), "utf8")) as { jobs: Record<string, Job> };

let root: string;
let temp: string;
beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
  writeRepoFile(
    root,
    "configs/sweeps/wf.yaml",
    [
      "schemaVersion: 1",
      "name: wf",
      `base: ${TINY_CONFIG}`,
      "metric: eval-loss",
      "space:",
      "  training.lr: { grid: [0.002, 0.008] }",
      "",
    ].join("\n"),
  );
  temp = path.join(os.tmpdir(), `${path.basename(root)}-runner`);
  mkdirSync(temp, { recursive: true });
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

/** Run the `run:` steps of a job (skipping `npm ci`, the API permission check and steps `skip` names) with bash. */
function runJob(
  job: Job,
  env: Record<string, string>,
  skip: (s: Step) => boolean = () => false,
): Record<string, string> {
  const outputs = path.join(temp, `outputs-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputs, "");
  for (const step of job.steps ?? []) {
    if (!step.run || step.run.trim() === "npm ci" || step.run.includes("report permission") || skip(step))
      continue;
    const script = step.run.replaceAll("npx --no-install tunix-rt", `"${process.execPath}" "${BIN}"`);
    execFileSync("bash", ["-euo", "pipefail", "-c", script], {
      cwd: root,
      env: {
        ...process.env,
        TUNIX_RT_ROOT: root,
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: outputs,
        GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }
  return readOutputs(readFileSync(outputs, "utf8"));
}

/** `name<<delimiter` blocks, as @actions/core writes GITHUB_OUTPUT. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const end = lines.indexOf(m[2], i + 1);
    out[m[1]] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return out;
}

describe("sweep.yml's steps, run locally with the same arguments", () => {
  it("plan → select → trials (moved aside as artifacts) → collect gives the result and the job summary", () => {
    const sweep = workflow("sweep.yml");
    const rung = workflow("sweep-rung.yml");
    const gpu = workflow("gpu-run.yml");

    const plan = runJob(sweep.jobs.plan, { SWEEP: "wf", WAVE: "1" });
    expect([plan.sweep, plan.rungs]).toEqual(["wf", "1"]);
    for (const ref of Object.values(sweep.jobs.plan.outputs ?? {})) {
      expect(Object.keys(plan)).toContain(/steps\.plan\.outputs\.(\w+)/.exec(ref)![1]);
    }

    const select = runJob(
      rung.jobs.select,
      { SWEEP: "wf", WAVE: "1", RUNG: "0" },
      (s) => s.if === "inputs.rung > 0",
    );
    for (const ref of Object.values(rung.jobs.select.outputs ?? {})) {
      expect(Object.keys(select)).toContain(/steps\.matrix\.outputs\.(\w+)/.exec(ref)![1]);
    }
    expect([select.jobs, select.maxParallel]).toEqual(["2", "2"]);
    const include = JSON.parse(select.matrix).include as Record<string, string | number | boolean>[];
    const used = Object.values(rung.jobs.trials.with ?? {}).flatMap((v) =>
      [...String(v).matchAll(/matrix\.([\w-]+)/g)].map((m) => m[1]),
    );
    for (const entry of include) for (const key of used) expect(entry, key).toHaveProperty(key);

    const trial = gpu.jobs.run.steps!.find((s) => s.name === "Train, infer, judge")!;
    const outputsStep = gpu.jobs.run.steps!.find((s) => s.id === "result")!;
    for (const entry of include) {
      const out = runJob(
        { steps: [trial, outputsStep] },
        {
          CONFIG_PATH: String(entry.config),
          OVERRIDES: String(entry.overrides),
          STOP_AT_STEP: String(entry["stop-at-step"]),
        },
      );
      expect(out.runId).toBe(entry.run); // the run id the matrix promised
      cpSync(path.join(root, "runs", out.runId), path.join(temp, "trials", `run-${out.runId}`), {
        recursive: true,
      });
      rmSync(path.join(root, "runs", out.runId), { recursive: true });
    }

    runJob(sweep.jobs.collect, { SWEEP: "wf", SWEEP_NAME: "wf" });
    const result = SweepResult.parse(
      JSON.parse(readFileSync(path.join(root, "runs/sweeps/wf.json"), "utf8")),
    );
    expect(result.trials.map((t) => t.status)).toEqual(["completed", "completed"]);
    expect(result.best?.run).toBe(include.find((e) => e.trial === result.best?.trial)?.run);
    for (const e of include)
      expect(existsSync(path.join(root, "runs", String(e.run), "run.json"))).toBe(true);
    expect(readFileSync(path.join(temp, "summary.md"), "utf8")).toContain(
      `Best trial: **${result.best?.trial}**`,
    );
  }, 240_000);
});
