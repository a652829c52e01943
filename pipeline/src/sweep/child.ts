// One trial as a child process: `node pipeline/bin/tunix-rt.js run <base> --set … [--stop-at-step n]
// --json`, the command a workflow trial runs. The child has its own process group, so a terminal's
// Ctrl-C reaches only the sweep, which forwards exactly one SIGINT (a second one would kill the
// child before its checkpoint is saved).
//
//   const p = spawnTrial(root, "configs/runs/tiny.yaml", trial, 8);
//   const { code, error } = await p.done;   // error: the last lines the child wrote to stderr
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Trial } from "./expand.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/tunix-rt.js");

export interface TrialProcess {
  trial: Trial;
  /** The `tunix-rt` arguments (for messages and tests). */
  args: string[];
  done: Promise<{ code: number; error: string }>;
  /** Ask the child to stop (SIGINT once: it checkpoints and exits). */
  interrupt(): void;
}

/** The `tunix-rt` arguments of a trial: what a workflow job passes too. */
export function trialArgs(base: string, trial: Trial, stopAt: number | undefined): string[] {
  return [
    "run",
    base,
    ...trial.sets.flatMap((s) => ["--set", s]),
    ...(stopAt === undefined ? [] : ["--stop-at-step", String(stopAt)]),
    "--json",
  ];
}

export function spawnTrial(
  root: string,
  base: string,
  trial: Trial,
  stopAt: number | undefined,
): TrialProcess {
  const args = trialArgs(base, trial, stopAt);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, TUNIX_RT_ROOT: root },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  child.stdout.resume();
  let interrupted = false;
  const done = new Promise<{ code: number; error: string }>((resolve) => {
    child.on("error", (err) => resolve({ code: -1, error: `could not start the trial: ${err.message}` }));
    child.on("close", (code, signal) => {
      const tail = stderr
        .split(/\r|\n/)
        .map((l) => l.trim())
        .filter((l) => l && !/^(train|infer|judge|summarize): /.test(l));
      const error = code === 0 ? "" : tail.slice(-3).join(" | ") || `exited with ${signal ?? code}`;
      resolve({ code: code ?? -1, error });
    });
  });
  return {
    trial,
    args,
    done,
    interrupt() {
      if (interrupted || child.pid === undefined || child.exitCode !== null) return;
      interrupted = true;
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {
        // Already gone.
      }
    },
  };
}
