// Shared by the verbs that train and infer (`train`, `run`, `demo`): progress displays for the two
// long stages, and Ctrl-C turned into an AbortSignal so training saves a checkpoint before exiting.
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

/** Run `work` with Ctrl-C wired to an AbortSignal (a second Ctrl-C kills the process as usual). */
export async function withInterrupt<T>(
  note: (line: string) => void,
  message: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    note(`\ninterrupt: ${message}`);
    controller.abort();
    process.off("SIGINT", onSigint);
  };
  process.on("SIGINT", onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
}
