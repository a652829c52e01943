// The memory plan of a training run: parameters, trainable parameters, and bytes for weights,
// gradients, optimizer state, activations and logits, per backend — with the WebAssembly heap's
// 4 GiB limit and this machine's RAM — and whether the run fits. One estimator: `tunix-rt model
// plan` prints it, the trainer refuses a run it says cannot fit, and `npm run bench -- plan`
// measures it against real peak RSS.
//
//   const plan = planMemory(shapeOf(model, …), "wasm");   // { bytes, totalBytes, fits, problems }
//
// The figures are float32 tensors counted from the model's shapes; the activation and logits
// factors were measured on the wasm backend (bench/plan.ts, 16 shapes): tfjs keeps every op's
// saved inputs from forward until backward, about 39·d + 14.6·mlp + 6.6·heads·keys floats per token
// and layer for the GPT block; the chunked loss holds about 5.6 chunks of logits at its peak.
import os from "node:os";
import type { ModelDims } from "./causal-lm.ts";
import { chunkRows, DEFAULT_CHUNK_BYTES } from "./loss.ts";

export const PLAN_BACKENDS = ["wasm", "cpu", "webgpu", "tensorflow"] as const;
export type PlanBackend = (typeof PLAN_BACKENDS)[number];

/** The WebAssembly backend's heap: 32-bit addresses. */
export const WASM_HEAP_LIMIT = 4 * 1024 ** 3;
/** Node, tfjs and the wasm module before any model (measured: 216 MB peak RSS of a tiny run). */
export const RUNTIME_BYTES = 216e6;
/** Saved floats per token and layer, per family: α·hidden + β·intermediate + γ·heads·keys. The GPT's
 * were measured (bench/plan.ts); Gemma's block has two MLP inputs (gate, up) and q/k norms. */
const ACTIVATIONS: Readonly<Record<string, { hidden: number; intermediate: number; attention: number }>> =
  Object.freeze({
    gpt: { hidden: 39, intermediate: 14.6, attention: 6.6 },
    gemma3: { hidden: 39, intermediate: 29.2, attention: 6.6 },
  });
const MEASURED_SCALE = 1.05;
/** Live chunks of logits at the loss's peak (measured). */
const LOGIT_CHUNKS = 5.6;

export interface TrainingShape {
  family: string;
  dims: ModelDims;
  parameters: number;
  trainable: number;
  method: "full" | "lora";
  /** LoRA: adapted projections per layer (their output widths add saved activations). */
  loraOutPerLayer?: number;
  batch: number;
  /** Tokens per row (training.maxLength or the model's context). */
  seq: number;
  gradAccumSteps: number;
  checkpoint: boolean;
  chunkBytes?: number;
}

export interface MemoryPlan {
  backend: PlanBackend;
  parameters: number;
  trainableParameters: number;
  bytes: {
    weights: number;
    gradients: number;
    optimizer: number;
    activations: number;
    logits: number;
    runtime: number;
  };
  /** Bytes in tensors on the backend (the wasm heap, GPU memory, or the JS heap for cpu). */
  tensorBytes: number;
  /** Estimated peak resident memory of the process. */
  peakRssBytes: number;
  /** The backend's own limit on tensor bytes (4 GiB for wasm), when it has one. */
  tensorLimitBytes?: number;
  machineBytes: number;
  fits: boolean;
  problems: string[];
}

/** Activation bytes live at the start of backward (or with checkpointing: block inputs plus one block twice). */
export function activationBytes(s: TrainingShape): number {
  const { layers, hidden, intermediate, heads } = s.dims;
  const tokens = s.batch * s.seq;
  const a = ACTIVATIONS[s.family] ?? ACTIVATIONS.gpt;
  const perBlock =
    tokens * (a.hidden * hidden + a.intermediate * intermediate + a.attention * heads * s.seq) +
    (s.method === "lora" ? tokens * 2 * (s.loraOutPerLayer ?? 0) : 0);
  const floats = s.checkpoint ? layers * tokens * hidden + 2 * perBlock : layers * perBlock;
  return 4 * MEASURED_SCALE * floats;
}

export function logitsBytes(s: TrainingShape): number {
  const rows = Math.min(s.batch * s.seq, chunkRows(s.dims.vocab, s.chunkBytes ?? DEFAULT_CHUNK_BYTES));
  return LOGIT_CHUNKS * rows * s.dims.vocab * 4;
}

export function planMemory(s: TrainingShape, backend: PlanBackend, machineBytes = os.totalmem()): MemoryPlan {
  const weights = 4 * s.parameters;
  const gradients = 4 * s.trainable;
  // CPU backends keep AdamW's moments and a copy of the gradients on the host (host-adamw.ts);
  // device backends keep the moments as tensors.
  const hostOptimizer = backend === "wasm" || backend === "cpu";
  const optimizer = hostOptimizer ? 12 * s.trainable : 8 * s.trainable;
  const activations = activationBytes(s);
  const logits = logitsBytes(s);
  const tensorBytes = weights + gradients + activations + logits + (hostOptimizer ? 0 : optimizer);
  const onDevice = backend === "webgpu" || backend === "tensorflow";
  // On a GPU the tensors live in device memory; the process keeps the runtime and host copies.
  const peakRssBytes = RUNTIME_BYTES + (onDevice ? weights : tensorBytes) + (hostOptimizer ? optimizer : 0);
  const tensorLimitBytes = backend === "wasm" ? WASM_HEAP_LIMIT : undefined;
  const problems: string[] = [];
  const gb = (b: number) => `${(b / 1e9).toFixed(2)} GB`;
  if (tensorLimitBytes !== undefined && tensorBytes > tensorLimitBytes) {
    problems.push(`tensors need ${gb(tensorBytes)}, over the WebAssembly heap's ${gb(tensorLimitBytes)}`);
  }
  if (peakRssBytes > machineBytes)
    problems.push(`the process needs ${gb(peakRssBytes)}, over this machine's ${gb(machineBytes)}`);
  return {
    backend,
    parameters: s.parameters,
    trainableParameters: s.trainable,
    bytes: { weights, gradients, optimizer, activations, logits, runtime: RUNTIME_BYTES },
    tensorBytes,
    peakRssBytes,
    tensorLimitBytes,
    machineBytes,
    fits: problems.length === 0,
    problems,
  };
}

/** What would make a run that does not fit fit, in order of cost. */
export function planHints(s: TrainingShape): string[] {
  const hints: string[] = [];
  if (!s.checkpoint) hints.push("set training.activationCheckpointing: true (keeps one block's activations)");
  if (s.method === "full")
    hints.push("set training.method: lora (only adapters get gradients and optimizer state)");
  if (s.batch > 1)
    hints.push("lower training.batchSize (and raise training.gradAccumSteps to keep the tokens per step)");
  hints.push("lower training.maxLength, or use a GPU backend (--device webgpu|gpu)");
  return hints;
}

/** The backend a plan is made for, from the name `initBackend` reports. */
export function planBackendOf(backendName: string): PlanBackend {
  return (PLAN_BACKENDS as readonly string[]).includes(backendName) ? (backendName as PlanBackend) : "cpu";
}
