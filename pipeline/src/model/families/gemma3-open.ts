// Opening a Gemma 3 model: from a Hugging Face folder (streamed tensor by tensor: each is read,
// transposed to [in, out] when it is a linear weight, and turned into a variable before the next
// is read), from a folder the trainer exported in the project's layout (config.json marked
// `tunix_linear_weight_layout: in_out`), or from named values (random initialisation, tests).
//
//   const model = openGemma3(folder, { context: 512 });
//   const model = buildGemma3(cfg, initGemma3Values(cfg, seed), source, 512);
//   const model = createGemma3(cfg, seed, source, 512);   // the same weights, streamed
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../../errors.ts";
import { nextVariablePrefix } from "../causal-lm.ts";
import { type HfFolder, readHfConfigJson } from "../hf-folder.ts";
import { loadTensorFile } from "../tensor-file.ts";
import { Gemma3Model, type Gemma3Source } from "./gemma3.ts";
import { type Gemma3Config, parseGemma3Config } from "./gemma3-config.ts";
import { gemma3InitStream, gemma3ParamSpecs, loadGemma3Weights } from "./gemma3-weights.ts";

export interface OpenGemma3Options {
  /** Longest sequence used (capped by max_position_embeddings). Default: the folder's tunix_context or 512. */
  context?: number;
}

/** A Gemma 3 model from a folder: Hugging Face layout, or the project's own export. */
export function openGemma3(folder: HfFolder, o: OpenGemma3Options = {}): Gemma3Model {
  const json = readHfConfigJson(folder);
  return openGemma3WithJson(folder, json, o);
}

export function openGemma3WithJson(
  folder: HfFolder,
  json: Record<string, unknown>,
  o: OpenGemma3Options = {},
): Gemma3Model {
  const configFile = `${folder.display}/config.json`;
  const cfg = parseGemma3Config(json, configFile);
  const { tunix_linear_weight_layout: layout, tunix_context: savedContext, ...hfJson } = json;
  const source: Gemma3Source = { json: hfJson, configFile };
  const context = o.context ?? (typeof savedContext === "number" ? savedContext : 512);
  if (layout === "in_out") {
    const file = path.join(folder.dir, "model.safetensors");
    const { tensors } = loadTensorFile(file);
    return buildGemma3(
      cfg,
      new Map([...tensors].map(([k, t]) => [k, t.values])),
      source,
      context,
      `${folder.display}/model.safetensors`,
    );
  }
  if (layout !== undefined) {
    throw new TunixError("E_SCHEMA", {
      file: configFile,
      field: "tunix_linear_weight_layout",
      expected: "in_out or absent",
      found: String(layout),
    });
  }
  const prefix = nextVariablePrefix();
  const params = new Map<string, tf.Variable>();
  try {
    loadGemma3Weights(folder, cfg, (spec, values) => {
      params.set(spec.name, makeVariable(prefix, spec.name, values, spec.shape));
    });
  } catch (err) {
    for (const v of params.values()) v.dispose();
    throw err;
  }
  return new Gemma3Model(cfg, params, source, context);
}

/** Random weights (gemma3InitStream), made into variables one parameter at a time. */
export function createGemma3(
  cfg: Gemma3Config,
  seed: number,
  source: Gemma3Source,
  context: number,
): Gemma3Model {
  const prefix = nextVariablePrefix();
  const params = new Map<string, tf.Variable>();
  for (const [spec, values] of gemma3InitStream(cfg, seed))
    params.set(spec.name, makeVariable(prefix, spec.name, values, spec.shape));
  return new Gemma3Model(cfg, params, source, context);
}

/** A model from named values in the project's layout; every shape is checked. */
export function buildGemma3(
  cfg: Gemma3Config,
  values: ReadonlyMap<string, Float32Array>,
  source: Gemma3Source,
  context: number,
  file = "weights",
): Gemma3Model {
  const prefix = nextVariablePrefix();
  const params = new Map<string, tf.Variable>();
  for (const spec of gemma3ParamSpecs(cfg)) {
    const v = values.get(spec.name);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (!v || v.length !== n) {
      for (const p of params.values()) p.dispose();
      throw new TunixError("E_MISMATCH", {
        file,
        field: spec.name,
        expected: `${n} values [${spec.shape.join(", ")}]`,
        found: v ? `${v.length} values` : "missing",
      });
    }
    params.set(spec.name, makeVariable(prefix, spec.name, v, spec.shape));
  }
  return new Gemma3Model(cfg, params, source, context);
}

function makeVariable(prefix: string, name: string, values: Float32Array, shape: number[]): tf.Variable {
  // tfjs variable names are global: a per-model prefix (`paramName` strips it).
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${prefix}/${name}`));
}
