// Shared by the verbs that train and infer (`train`, `run`, `demo`): progress displays for the two
// long stages, and Ctrl-C or SIGTERM turned into an AbortSignal so training saves a checkpoint before
// exiting (the run is then `interrupted` and prints the exact command that resumes it).
import type { TrainProgress } from "../train/sft.ts";
import { createProgress, type Progress } from "./progress.ts";

export function stageProgress(tty: boolean, plainEveryMs?: number) {
  let train: Progress | undefined;
  let infer: Progress | undefined;
  return {
    onTrainProgress(p: TrainProgress) {
      train ??= createProgress("train", p.totalSteps, { tty, plainEveryMs });
      train.update(p.step, `loss ${p.loss.toFixed(4)} ${Math.round(p.tokensPerS)} tok/s`);
      if (p.step === p.totalSteps) train.done(`loss ${p.loss.toFixed(4)}`);
    },
    onInferProgress(done: number, total: number) {
      infer ??= createProgress("infer", total, { tty });
      infer.update(done);
      if (done === total) infer.done();
    },
  };
}

/** The signals that stop a run at a checkpoint: Ctrl-C, and SIGTERM (what CI time-outs send). */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Run `work` with Ctrl-C and SIGTERM wired to an AbortSignal: the first one asks training to save a
 * checkpoint and stop; a second one (of either) ends the process at once, as it would without us.
 */
export async function withInterrupt<T>(
  note: (line: string) => void,
  message: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    note(`\ninterrupt (${name}): ${message}`);
    controller.abort();
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
}
