// `sweep run`: the trials of a sweep on this machine, each through exactly what a workflow trial
// runs — `tunix-rt run <base> --set … [--stop-at-step n] --json` in a child process — at most
// `parallel` at once. Resumable: a trial whose run folder already reached its target is skipped
// (and `run` itself resumes a half-done one). Ctrl-C (the `signal`) stops launching, sends each
// child one SIGINT (it saves a checkpoint and exits) and waits for them; the result is then written
// from what the run folders hold. With successive halving the rungs run as synchronous waves, the
// same decisions a workflow makes, so a local sweep and a workflow sweep pick the same trials.
//
//   const r = await runSweep({ root, ref: "smoke-lr", parallel: 2, signal, onUpdate: (rows) => draw(rows) });
import type { SweepResult } from "../schemas/sweep.ts";
import { spawnTrial, type TrialProcess } from "./child.ts";
import { collectSweep, writeSweepResult } from "./collect.ts";
import { type Expansion, expandSweep, type Trial } from "./expand.ts";
import { rungMembers } from "./halving.ts";
import { readTrialState } from "./trial-state.ts";

export type RowStatus = "queued" | "running" | "done" | "stopped" | "failed" | "skipped";

export interface ProgressRow {
  id: string;
  params: Record<string, unknown>;
  status: RowStatus;
  /** Rung being run (successive halving). */
  rung?: number;
  step: number;
  targetStep?: number;
  loss?: number;
  evalLoss?: number;
}

export interface RunSweepOptions {
  root: string;
  ref: string;
  /** Trials at once; 0: the sweep's maxParallel. */
  parallel: number;
  signal?: AbortSignal;
  /** Called with every trial's row whenever something changes, and about once a second while trials run. */
  onUpdate?: (rows: ProgressRow[]) => void;
  pollMs?: number;
}

export interface RunSweepResult {
  result: SweepResult;
  file: string;
  interrupted: boolean;
  /** Trial runs started, skipped (already done) and failed, by trial id. */
  started: string[];
  skipped: string[];
  failed: string[];
}

export async function runSweep(opts: RunSweepOptions): Promise<RunSweepResult> {
  const { root } = opts;
  const x = expandSweep(root, opts.ref);
  const rows = new Map<string, ProgressRow>(
    x.trials.map((t) => [t.id, { id: t.id, params: t.params, status: "queued", step: 0 }]),
  );
  const update = () => opts.onUpdate?.([...rows.values()].map((row) => ({ ...row })));
  const started: string[] = [];
  const skipped: string[] = [];
  const errors = new Map<string, string>();
  const running = new Map<string, TrialProcess>();
  const onAbort = () => {
    for (const p of running.values()) p.interrupt();
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const poll = setInterval(() => {
    for (const [id, p] of running) refreshRow(root, rows.get(id)!, p.trial);
    update();
  }, opts.pollMs ?? 1000);

  try {
    const waves = wavesOf(x);
    for (let w = 0; w < waves.length && !opts.signal?.aborted; w++) {
      const members = waves[w](root);
      const todo = members.filter(({ trial, stopAt }) => {
        const row = rows.get(trial.id)!;
        row.rung = x.rungSteps ? w : undefined;
        row.targetStep = stopAt ?? x.totalSteps;
        if (!reached(root, trial, stopAt)) return true;
        skipped.push(trial.id);
        refreshRow(root, row, trial);
        row.status = stopAt === undefined ? "done" : "stopped";
        return false;
      });
      update();
      await pool(
        todo,
        opts.parallel > 0 ? opts.parallel : x.sweep.maxParallel,
        opts.signal,
        async ({ trial, stopAt }) => {
          const row = rows.get(trial.id)!;
          row.status = "running";
          started.push(trial.id);
          update();
          const p = spawnTrial(root, x.base, trial, stopAt);
          running.set(trial.id, p);
          const r = await p.done;
          running.delete(trial.id);
          refreshRow(root, row, trial);
          if (r.code === 0) row.status = stopAt === undefined ? "done" : "stopped";
          else {
            row.status = "failed";
            errors.set(trial.id, r.error);
          }
          update();
        },
      );
    }
  } finally {
    clearInterval(poll);
    opts.signal?.removeEventListener("abort", onAbort);
  }
  const result = collectSweep(root, opts.ref, { expansion: x, errors });
  const file = writeSweepResult(root, result);
  return {
    result,
    file,
    interrupted: Boolean(opts.signal?.aborted),
    started,
    skipped,
    failed: [...errors.keys()].sort(),
  };
}

interface Job {
  trial: Trial;
  /** Rung step to stop at; undefined: train in full and finish infer/judge. */
  stopAt?: number;
}

/** One function per wave, called when the wave starts (later rungs read the earlier rungs' losses). */
function wavesOf(x: Expansion): ((root: string) => Job[])[] {
  if (!x.rungSteps || !x.sweep.scheduler) return [() => x.trials.map((trial) => ({ trial }))];
  const steps = x.rungSteps;
  const eta = x.sweep.scheduler.eta;
  const byId = new Map(x.trials.map((t) => [t.id, t]));
  return steps.map((step, rung) => (root: string) => {
    const lossAt = (id: string, at: number) =>
      readTrialState(root, byId.get(id)!.runId).evalLoss.get(at) ?? null;
    const ids = rungMembers([...byId.keys()], rung, eta, steps, lossAt);
    return ids.map((id) => ({ trial: byId.get(id)!, stopAt: rung === steps.length - 1 ? undefined : step }));
  });
}

/** Has the trial's run folder already reached this target? */
function reached(root: string, trial: Trial, stopAt: number | undefined): boolean {
  const s = readTrialState(root, trial.runId);
  if (s.status === "completed") return true;
  return stopAt !== undefined && s.evalLoss.has(stopAt) && s.steps >= stopAt && s.status !== "failed";
}

function refreshRow(root: string, row: ProgressRow, trial: Trial): void {
  try {
    const s = readTrialState(root, trial.runId);
    row.step = Math.max(s.steps, s.lastLoggedStep);
    row.loss = s.lastLoss;
    const last = [...s.evalLoss.entries()].sort((a, b) => b[0] - a[0])[0];
    row.evalLoss = last?.[1];
  } catch {
    // A file mid-append: keep the last row; the next poll reads it whole.
  }
}

/** Run `work` over `items`, at most `limit` at once; stops taking new items once `signal` aborts. */
async function pool<T>(
  items: T[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
