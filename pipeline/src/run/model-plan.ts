// `tunix-rt model plan <config>`: the memory plan of a run config on every backend (or one), from
// its shapes alone — nothing is loaded, initialised or trained. The trainer makes the same plan for
// the backend it got and refuses a run that does not fit (train/sft.ts).
//
//   const r = await planConfigFile(root, "configs/runs/demo.yaml", []);   // { config, shape, plans }
//   formatPlan(r)   // table lines
import {
  type MemoryPlan,
  PLAN_BACKENDS,
  type PlanBackend,
  planHints,
  planMemory,
  type TrainingShape,
} from "../model/plan.ts";
import { trainingShapeOf } from "../model/plan-config.ts";
import { type LoadedConfig, loadRunConfig } from "./config-load.ts";

export interface PlanReport {
  configPath: string;
  shape: TrainingShape;
  plans: MemoryPlan[];
  hints: string[];
}

export async function planConfigFile(
  root: string,
  file: string,
  sets: readonly string[],
  backends: readonly PlanBackend[] = PLAN_BACKENDS,
): Promise<PlanReport> {
  const loaded: LoadedConfig = loadRunConfig(root, file, sets);
  const shape = await trainingShapeOf(root, loaded.config);
  const plans = backends.map((b) => planMemory(shape, b));
  return {
    configPath: loaded.configPath,
    shape,
    plans,
    hints: plans.some((p) => !p.fits) ? planHints(shape) : [],
  };
}

const mb = (b: number) => `${(b / 1e6).toLocaleString("en-US", { maximumFractionDigits: 0 })} MB`;

export function formatPlan(r: PlanReport): string[] {
  const s = r.shape;
  const d = s.dims;
  const lines = [
    `${r.configPath}: ${s.family}, ${d.layers} layers × ${d.hidden}, ${d.heads}/${d.kvHeads} heads × ${d.headDim}, ` +
      `mlp ${d.intermediate}, vocab ${d.vocab.toLocaleString("en-US")}`,
    `  ${s.parameters.toLocaleString("en-US")} parameters, ${s.trainable.toLocaleString("en-US")} trainable (${s.method}); ` +
      `batch ${s.batch} × ${s.seq} tokens${s.gradAccumSteps > 1 ? ` × ${s.gradAccumSteps} micro-batches` : ""}` +
      `${s.checkpoint ? ", activation checkpointing" : ""}`,
    "",
    "  backend     weights   gradients  optimizer  activations  logits    tensors    peak RSS   fits",
  ];
  for (const p of r.plans) {
    const b = p.bytes;
    const cells = [
      b.weights,
      b.gradients,
      b.optimizer,
      b.activations,
      b.logits,
      p.tensorBytes,
      p.peakRssBytes,
    ].map((x) => mb(x).padStart(10));
    lines.push(
      `  ${p.backend.padEnd(10)}${cells.join(" ")}   ${p.fits ? "yes" : `no: ${p.problems.join("; ")}`}`,
    );
  }
  lines.push(
    "",
    `  this machine: ${mb(r.plans[0]?.machineBytes ?? 0)} RAM; the WebAssembly heap holds at most 4,295 MB`,
  );
  if (r.hints.length) lines.push("  to make it fit:", ...r.hints.map((h) => `    - ${h}`));
  return lines;
}
