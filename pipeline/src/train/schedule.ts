// Learning-rate schedule: linear warmup from lr/warmupSteps to lr over `warmupSteps` steps, then
// `cosine` or `linear` decay to lr·minLrRatio at the last step, or `constant` (minLrRatio unused).
//
//   lrAt(step, { lr, schedule, warmupSteps, minLrRatio }, totalSteps)   // step is 0-based
import type { RunConfig } from "../schemas/config.ts";

export type ScheduleConfig = Pick<RunConfig["training"], "lr" | "schedule" | "warmupSteps" | "minLrRatio">;

export function lrAt(step: number, c: ScheduleConfig, totalSteps: number): number {
  if (step < c.warmupSteps) return (c.lr * (step + 1)) / c.warmupSteps;
  if (c.schedule === "constant") return c.lr;
  const span = Math.max(1, totalSteps - 1 - c.warmupSteps);
  const progress = Math.min(1, (step - c.warmupSteps) / span);
  const floor = c.minLrRatio;
  const factor =
    c.schedule === "cosine"
      ? floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress))
      : 1 - (1 - floor) * progress;
  return c.lr * factor;
}
