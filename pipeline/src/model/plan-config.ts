// The training shape of a run config, for the memory plan (plan.ts), without loading or
// initialising any weights: the family describes its shapes, the tokenizer gives the GPT's
// vocabulary (a BPE not yet trained counts its configured size), LoRA counts its adapters.
//
//   const shape = await trainingShapeOf(root, config);
//   const plan = planMemory(shape, "wasm");
import { loraSettingsOf, type RunConfig } from "../schemas/config.ts";
import { FAMILIES } from "./families.ts";
import { selectModules } from "./lora.ts";
import type { TrainingShape } from "./plan.ts";
import { createByteTokenizer, loadTokenizer } from "./tokenizers/index.ts";

export async function trainingShapeOf(
  root: string,
  config: RunConfig,
  vocabSize?: number,
): Promise<TrainingShape> {
  const family = FAMILIES[config.model.family];
  const vocab = vocabSize ?? (await vocabOf(root, config));
  const shape = family.describe(config.model, { root, vocabSize: vocab });
  const t = config.training;
  let trainable = shape.parameters;
  let loraOutPerLayer: number | undefined;
  if (t.method === "lora") {
    const { r, targetModules } = loraSettingsOf(t);
    const names = selectModules(shape.linearModules, targetModules ?? family.defaultLoraTargets, family.name);
    trainable = 0;
    let outs = 0;
    for (const n of names) {
      const m = shape.linearModules.get(n) as { in: number; out: number };
      trainable += r * (m.in + m.out);
      outs += m.out;
    }
    loraOutPerLayer = outs / shape.dims.layers;
  }
  return {
    family: family.name,
    dims: shape.dims,
    parameters: shape.parameters,
    trainable,
    method: t.method,
    loraOutPerLayer,
    batch: t.batchSize,
    seq: Math.min(t.maxLength ?? shape.dims.context, shape.dims.context),
    gradAccumSteps: t.gradAccumSteps,
    checkpoint: t.activationCheckpointing,
  };
}

/** The vocabulary a GPT config will have: byte 261, a BPE its configured size, hf its file's. */
async function vocabOf(root: string, config: RunConfig): Promise<number> {
  if (config.model.family !== "gpt") return 0; // families that load weights read it from config.json
  const spec = FAMILIES.gpt.tokenizerSpec(config.model);
  if (spec.kind === "byte") return createByteTokenizer().vocabSize;
  if (spec.kind === "bpe" && !spec.path) return spec.vocabSize ?? 1024;
  return (await loadTokenizer(spec, { root, trainTexts: () => [] })).vocabSize;
}
