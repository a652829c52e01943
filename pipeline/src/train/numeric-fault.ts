// Numeric faults caught at the step they happen: a loss, eval loss or gradient norm that is NaN or
// infinite stops training with E_NUMERIC naming the step and what to change, before the value
// reaches metrics.jsonl or a checkpoint (the last checkpoint stays the last good one).
//
//   checkFinite({ step: 12, lr: 95, peakLr: 100, loss, gradNorm });   // throws "loss became NaN at step 12; lower training.lr …"
import { TunixError } from "../errors.ts";

export interface StepValues {
  /** 1-based step the values belong to. */
  step: number;
  /** The learning rate of that step (after warmup and decay). */
  lr: number;
  /** The configured peak learning rate (`training.lr`). */
  peakLr: number;
  loss?: number;
  gradNorm?: number;
  evalLoss?: number;
}

export function checkFinite(v: StepValues): void {
  const bad = (["loss", "gradNorm", "evalLoss"] as const).find(
    (k) => v[k] !== undefined && !Number.isFinite(v[k]),
  );
  if (!bad) return;
  const what = { loss: "loss", gradNorm: "gradient norm", evalLoss: "eval loss" }[bad];
  const value = Number.isNaN(v[bad]) ? "NaN" : "infinite";
  throw new TunixError("E_NUMERIC", {
    field: "training.lr",
    message: `${what} became ${value} at step ${v.step} (lr ${formatLr(v.lr)}): training diverged`,
    hint: `lower training.lr (now ${formatLr(v.peakLr)}; e.g. --set training.lr=${formatLr(v.peakLr / 10)}), keep training.clipGradNorm on, or add training.warmupSteps; then run again — the run keeps its last good checkpoint`,
  });
}

function formatLr(lr: number): string {
  return Number(lr.toPrecision(3)).toString();
}
