// Gemma 3 parameters: names (Hugging Face's, so LoRA targets and PEFT keys line up), shapes in the
// project's layout (linear weights [in, out]; Hugging Face files hold [out, in] and are transposed
// here, at the boundary), random initialisation (transformers' scheme: N(0, 0.02), norms 0 since
// they act as 1 + w), and loading from a Hugging Face folder one tensor at a time.
//
//   model.embed_tokens.weight [vocab, hidden]
//   model.layers.{i}.input_layernorm.weight [hidden]
//   model.layers.{i}.self_attn.{q,k,v,o}_proj.weight  [hidden, heads·headDim] … [heads·headDim, hidden]
//   model.layers.{i}.self_attn.{q,k}_norm.weight [headDim]
//   model.layers.{i}.{post_attention,pre_feedforward,post_feedforward}_layernorm.weight [hidden]
//   model.layers.{i}.mlp.{gate,up,down}_proj.weight  [hidden, inter] [hidden, inter] [inter, hidden]
//   model.norm.weight [hidden]
//
//   const values = loadGemma3Values(folder, cfg);   // Map name → Float32Array, project layout
import { TunixError } from "../../errors.ts";
import { type HfFolder, indexHfWeights, readHfTensor } from "../hf-folder.ts";
import { Prng } from "../prng.ts";
import type { Gemma3Config } from "./gemma3-config.ts";

export interface ParamSpec {
  name: string;
  /** Shape in the project's layout. */
  shape: number[];
  /** Stored [out, in] in Hugging Face files (a linear weight). */
  linear: boolean;
}

/** Every parameter in canonical order (the checkpoint, hash and export order). */
export function gemma3ParamSpecs(c: Gemma3Config): ParamSpec[] {
  const d = c.hidden;
  const q = c.heads * c.headDim;
  const kv = c.kvHeads * c.headDim;
  const out: ParamSpec[] = [{ name: "model.embed_tokens.weight", shape: [c.vocabSize, d], linear: false }];
  const norm = (name: string, n = d) => out.push({ name, shape: [n], linear: false });
  const lin = (name: string, fin: number, fout: number) =>
    out.push({ name: `${name}.weight`, shape: [fin, fout], linear: true });
  for (let i = 0; i < c.layers; i++) {
    const p = `model.layers.${i}.`;
    norm(`${p}input_layernorm.weight`);
    lin(`${p}self_attn.q_proj`, d, q);
    lin(`${p}self_attn.k_proj`, d, kv);
    lin(`${p}self_attn.v_proj`, d, kv);
    lin(`${p}self_attn.o_proj`, q, d);
    norm(`${p}self_attn.q_norm.weight`, c.headDim);
    norm(`${p}self_attn.k_norm.weight`, c.headDim);
    norm(`${p}post_attention_layernorm.weight`);
    norm(`${p}pre_feedforward_layernorm.weight`);
    lin(`${p}mlp.gate_proj`, d, c.intermediate);
    lin(`${p}mlp.up_proj`, d, c.intermediate);
    lin(`${p}mlp.down_proj`, c.intermediate, d);
    norm(`${p}post_feedforward_layernorm.weight`);
  }
  norm("model.norm.weight");
  return out;
}

/** Random weights: N(0, std) from the project's PRNG for matrices, zeros for the (1 + w) norms. */
export function initGemma3Values(c: Gemma3Config, seed: number, std = 0.02): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  for (const [spec, v] of gemma3InitStream(c, seed, std)) values.set(spec.name, v);
  return values;
}

/** The same values one parameter at a time (a 270m model need not sit on the host twice). */
export function* gemma3InitStream(
  c: Gemma3Config,
  seed: number,
  std = 0.02,
): Generator<[ParamSpec, Float32Array]> {
  const rng = new Prng(seed);
  for (const spec of gemma3ParamSpecs(c)) {
    const v = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    if (spec.shape.length === 2) for (let i = 0; i < v.length; i++) v[i] = rng.normal() * std;
    yield [spec, v];
  }
}

/**
 * The folder's weights in the project's layout, read one tensor at a time and handed to `take`
 * (which turns each into a tensor, so the host copy can go). Missing, surplus (other than a tied
 * `lm_head.weight`), misshapen or non-float tensors are refused, naming the file and the key.
 */
export function loadGemma3Weights(
  folder: HfFolder,
  c: Gemma3Config,
  take: (spec: ParamSpec, values: Float32Array) => void,
): void {
  const { tensors: index, source } = indexHfWeights(folder);
  const specs = gemma3ParamSpecs(c);
  const expected = new Set(specs.map((s) => s.name));
  for (const ref of index.values()) {
    if (!expected.has(ref.name) && ref.name !== "lm_head.weight") {
      throw new TunixError("E_SCHEMA", {
        file: ref.display,
        field: ref.name,
        message: "a tensor the Gemma 3 text model does not have",
        hint: "is this a Gemma 3 text checkpoint (Gemma3ForCausalLM)? its config.json and weights disagree",
      });
    }
  }
  for (const spec of specs) {
    const ref = index.get(spec.name);
    if (!ref) {
      throw new TunixError("E_NOT_FOUND", {
        file: source,
        field: spec.name,
        message: "tensor missing",
        hint: "the weights are incomplete or belong to another config.json",
      });
    }
    const hfShape = spec.linear ? [spec.shape[1], spec.shape[0]] : spec.shape;
    if (ref.shape.length !== hfShape.length || ref.shape.some((n, i) => n !== hfShape[i])) {
      throw new TunixError("E_MISMATCH", {
        file: ref.display,
        field: `${spec.name}.shape`,
        expected: `[${hfShape.join(", ")}] (from config.json)`,
        found: `[${ref.shape.join(", ")}]`,
        hint: "the weights belong to another config.json",
      });
    }
    const raw = readHfTensor(ref);
    take(spec, spec.linear ? transpose2d(raw, hfShape[0], hfShape[1]) : raw);
  }
}

/** [rows, cols] row-major → [cols, rows]. */
export function transpose2d(v: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(v.length);
  const block = 64; // cache-friendly tiles
  for (let r0 = 0; r0 < rows; r0 += block) {
    for (let c0 = 0; c0 < cols; c0 += block) {
      const r1 = Math.min(rows, r0 + block);
      const c1 = Math.min(cols, c0 + block);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = v[r * cols + c];
    }
  }
  return out;
}
