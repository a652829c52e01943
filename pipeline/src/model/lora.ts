// LoRA for any family: low-rank adapters on the projections a family lists in `linearModules()`.
// For a projection y = x·W (W stored [in, out] inside the project), the adapted output is
//   y + (dropout(x)·A)·B · scaling,   A [in, r], B [r, out],   scaling = alpha / r (or alpha / √r with rsLoRA)
// — PEFT's rule with its A [r, in] and B [out, r] stored transposed. A starts as PEFT's
// kaiming-uniform (a = √5, so U(−1/√in, 1/√in)), B at zero, so a fresh adapter changes nothing.
// Families call `model.lora?.delta(module, x, train)` where the projection is computed.
//
//   const lora = attachLora(model, { r: 8, alpha: 16, dropout: 0, targetModules: ["attn.qkv"], rslora: false }, seed);
//   model.trainable();   // now only the adapters: `<module>.lora_A`, `<module>.lora_B`
//   mergeLora(model);    // W += A·B·scaling, adapters removed
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../errors.ts";
import { type Adapters, type CausalLM, type LinearModule, nextVariablePrefix } from "./causal-lm.ts";
import { Prng } from "./prng.ts";

export interface LoraConfig {
  r: number;
  alpha: number;
  dropout: number;
  /** Module names or name suffixes (PEFT's rule: `q_proj` matches `model.layers.0.self_attn.q_proj`). */
  targetModules: readonly string[];
  rslora: boolean;
}

export type { LinearModule } from "./causal-lm.ts";

export interface Adapter {
  a: tf.Variable; // [in, r]
  b: tf.Variable; // [r, out]
}

export class LoraAdapters implements Adapters {
  readonly config: LoraConfig;
  readonly scaling: number;
  /** Module name → adapter, in the model's module order. */
  readonly modules: Map<string, Adapter>;

  constructor(config: LoraConfig, modules: Map<string, Adapter>) {
    this.config = config;
    this.scaling = config.rslora ? config.alpha / Math.sqrt(config.r) : config.alpha / config.r;
    this.modules = modules;
  }

  /** The adapter's addition to module's output for input x [rows, in], or undefined. */
  delta(
    module: string,
    x: tf.Tensor2D,
    train?: { seed: number; step: number; micro?: number },
    /** The adapter's tensors to use instead of its variables (activation checkpointing passes them). */
    tensors?: (name: string) => tf.Tensor,
  ): tf.Tensor2D | undefined {
    const own = this.modules.get(module);
    if (!own) return undefined;
    const ad = tensors ? { a: tensors(`${module}.lora_A`), b: tensors(`${module}.lora_B`) } : own;
    let input = x;
    const p = this.config.dropout;
    if (train && p > 0) {
      // Inverted dropout with a seed per (run seed, step, micro-batch, module): the same on resume.
      const index = [...this.modules.keys()].indexOf(module);
      const seed = ((train.seed * 1_000_003 + train.step) * 131 + (train.micro ?? 0)) * 4099 + index;
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, "float32", seed), p), "float32");
      input = tf.mul(x, tf.div(keep, 1 - p)) as tf.Tensor2D;
    }
    return tf.mul(tf.matMul(tf.matMul(input, ad.a), ad.b), this.scaling) as tf.Tensor2D;
  }

  /** Adapter variables by name: `<module>.lora_A` [in, r], `<module>.lora_B` [r, out]. */
  params(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [m, ad] of this.modules) {
      out.set(`${m}.lora_A`, ad.a);
      out.set(`${m}.lora_B`, ad.b);
    }
    return out;
  }

  count(): number {
    let n = 0;
    for (const ad of this.modules.values()) n += ad.a.size + ad.b.size;
    return n;
  }

  dispose(): void {
    for (const ad of this.modules.values()) {
      ad.a.dispose();
      ad.b.dispose();
    }
  }
}

/** The modules of `available` that `targets` select; every target must match at least one. */
export function selectModules(
  available: ReadonlyMap<string, LinearModule>,
  targets: readonly string[],
  family: string,
): string[] {
  const matches = (name: string, t: string) => name === t || name.endsWith(`.${t}`);
  for (const t of targets) {
    if (![...available.keys()].some((n) => matches(n, t))) {
      const kinds = [...new Set([...available.keys()].map((n) => n.replace(/^.*\.\d+\./, "")))];
      throw new TunixError("E_SCHEMA", {
        field: "lora.targetModules",
        expected: `modules of the ${family} family (${kinds.join(", ")})`,
        found: t,
        hint: "name a projection the family has, e.g. its attention or MLP projections",
      });
    }
  }
  return [...available.keys()].filter((n) => targets.some((t) => matches(n, t)));
}

/**
 * Attach fresh adapters (A kaiming-uniform from the project's PRNG, B zero). With `values`, the
 * adapters take those instead (a checkpoint or PEFT file: names `<module>.lora_A` [in, r] …).
 */
export function attachLora(
  model: CausalLM,
  config: LoraConfig,
  seed: number,
  values?: ReadonlyMap<string, Float32Array>,
): LoraAdapters {
  const available = model.linearModules();
  const names = selectModules(available, config.targetModules, model.family);
  const rng = new Prng(seed ^ 0x10ba);
  const prefix = nextVariablePrefix();
  const modules = new Map<string, Adapter>();
  for (const name of names) {
    const { in: fin, out: fout } = available.get(name) as LinearModule;
    const bound = 1 / Math.sqrt(fin); // kaiming_uniform(a=√5): gain·√(3/fan_in) = 1/√fan_in
    let a: Float32Array = new Float32Array(fin * config.r);
    let b: Float32Array = new Float32Array(config.r * fout);
    if (values) {
      const va = values.get(`${name}.lora_A`);
      const vb = values.get(`${name}.lora_B`);
      for (const [key, v, n] of [
        [`${name}.lora_A`, va, a.length],
        [`${name}.lora_B`, vb, b.length],
      ] as const) {
        if (!v || v.length !== n)
          throw new TunixError("E_MISMATCH", {
            field: key,
            expected: `${n} values`,
            found: v ? String(v.length) : "missing",
          });
      }
      a = va as Float32Array;
      b = vb as Float32Array;
    } else {
      // PEFT draws A as [r, in]; we store its transpose [in, r], drawing in PEFT's order.
      for (let i = 0; i < config.r; i++)
        for (let j = 0; j < fin; j++) a[j * config.r + i] = (2 * rng.next() - 1) * bound;
    }
    modules.set(name, {
      a: tf.variable(tf.tensor2d(a, [fin, config.r]), true, `${prefix}/${name}.lora_A`),
      b: tf.variable(tf.tensor2d(b, [config.r, fout]), true, `${prefix}/${name}.lora_B`),
    });
  }
  const lora = new LoraAdapters(config, modules);
  model.lora = lora;
  return lora;
}

/** Fold the adapters into the base weights (W [in, out] += A·B·scaling) and detach them. */
export function mergeLora(model: CausalLM): void {
  const lora = model.lora;
  if (!lora) return;
  for (const [name, ad] of lora.modules) {
    const w = model.params.get(`${name}.weight`);
    if (!w)
      throw new TunixError("E_STATE", { field: name, message: `no base weight for LoRA module ${name}` });
    const merged = tf.tidy(() => tf.add(w, tf.mul(tf.matMul(ad.a, ad.b), lora.scaling)));
    w.assign(merged);
    merged.dispose();
  }
  lora.dispose();
  model.lora = undefined;
}
