// Successive halving: every trial trains to the first rung; the best ⌊n/η⌋ (at least one) by eval
// loss at that step go on to the next rung, and so on; the last rung is the full budget. A trial's
// learning-rate schedule is always that of the full budget (the rung only stops it), and it keeps
// its run id, so a promoted trial resumes from its own checkpoint. Pure.
//
//   rungSteps(30, 3, 2)                       // [8, 15, 30]
//   promote([{ id: "t000", evalLoss: 2.1 }, { id: "t001", evalLoss: 1.9 }], 2) // ["t001"]
//   rungMembers(["t000", …], 2, 2, steps, lossAt) // the trials that run at rung 2
import { TunixError } from "../errors.ts";

/** The step each rung stops at: total / η^(rungs − 1 − r), rounded, the last one `total`. */
export function rungSteps(total: number, rungs: number, eta: number, file?: string, line?: number): number[] {
  const steps = Array.from({ length: rungs }, (_, r) =>
    r === rungs - 1 ? total : Math.max(1, Math.round(total / eta ** (rungs - 1 - r))),
  );
  if (steps.some((s, r) => r > 0 && s <= steps[r - 1])) {
    throw new TunixError("E_SCHEMA", {
      file,
      line,
      field: "scheduler",
      expected: `rungs at distinct steps (training.steps ≥ ${eta ** (rungs - 1)} for ${rungs} rungs with eta ${eta})`,
      found: `rung steps ${steps.join(", ")} of ${total}`,
      hint: "use fewer rungs, a smaller eta or more training steps",
    });
  }
  return steps;
}

/** How many of `n` trials go on to the next rung. */
export function keepCount(n: number, eta: number): number {
  return Math.max(1, Math.floor(n / eta));
}

export interface RungEntry {
  id: string;
  /** Eval loss at the rung's step; null when the trial failed or has no eval there. */
  evalLoss: number | null;
}

/** The trials promoted from a rung: lowest eval loss first, ties by trial id; no failed trial. */
export function promote(entries: readonly RungEntry[], eta: number): string[] {
  const ranked = entries
    .filter((e): e is { id: string; evalLoss: number } => e.evalLoss !== null && Number.isFinite(e.evalLoss))
    .sort((a, b) => a.evalLoss - b.evalLoss || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.slice(0, keepCount(entries.length, eta)).map((e) => e.id);
}

/**
 * The trials that train at rung `rung`, decided from the eval losses of the rungs before it.
 * `lossAt(id, step)` reads a trial's eval loss at a step (null: none).
 */
export function rungMembers(
  ids: readonly string[],
  rung: number,
  eta: number,
  steps: readonly number[],
  lossAt: (id: string, step: number) => number | null,
): string[] {
  let members = [...ids];
  for (let r = 0; r < rung; r++) {
    members = promote(
      members.map((id) => ({ id, evalLoss: lossAt(id, steps[r]) })),
      eta,
    );
  }
  return members;
}
