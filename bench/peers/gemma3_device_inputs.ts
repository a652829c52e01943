// Inputs for bench/peers/gemma3_reference.py on the device machine (which has transformers, peft
// and Python tokenizers, but no Node): what the project exported and computed, for the device to
// recompute and compare.
//   <out>/peft/adapter/      PEFT adapter exported by the project over the gemma3-hf5 fixture
//   <out>/peft/merged/       the merged Hugging Face folder (f32) with a project tokenizer
//   <out>/peft/inputs.safetensors   input_ids, project_adapter_logits, project_merged_logits
//   <out>/peft/manifest.json        base fixture path, a text and its ids (the merged tokenizer)
//   <out>/tokenizer/corpus.json, project-ids.json   the real Gemma 3 tokenizer's ids, ours
//
//   node bench/peers/gemma3_device_inputs.ts --out bench/results/gemma3-device
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { writeJsonAtomic } from "../../pipeline/src/io/atomic.ts";
import { initBackend } from "../../pipeline/src/model/backend.ts";
import type { Gemma3Model } from "../../pipeline/src/model/families/gemma3.ts";
import { exportGemma3Folder } from "../../pipeline/src/model/families/gemma3-export.ts";
import { openGemma3 } from "../../pipeline/src/model/families/gemma3-open.ts";
import { attachLora } from "../../pipeline/src/model/lora.ts";
import { exportPeftAdapter } from "../../pipeline/src/model/peft.ts";
import { writeSafetensors } from "../../pipeline/src/model/safetensors.ts";
import {
  gemma3TokenizerCorpus,
  gemma3TokenizerDir,
} from "../../pipeline/src/model/tokenizers/gemma3-corpus.ts";
import { createByteTokenizer, loadTokenizer } from "../../pipeline/src/model/tokenizers/index.ts";

const BASE = "pipeline/src/model/families/fixtures/gemma3-hf5";
const { values } = parseArgs({
  options: { out: { type: "string", default: "bench/results/gemma3-device" } },
});
const out = path.resolve(values.out as string);

await initBackend("cpu");
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, "peft"), { recursive: true });

const ids = Int32Array.from([5, 17, 3, 40, 22, 8, 9, 31, 12, 1, 44, 6, 19]);
const logitsOf = (m: Gemma3Model) =>
  tf.tidy(
    () =>
      m
        .logits(
          m.forward({
            ids,
            positions: Int32Array.from(ids, (_, i) => i),
            segments: new Int32Array(ids.length).fill(1),
            batch: 1,
            time: ids.length,
          }).hidden,
        )
        .dataSync() as Float32Array,
  );

const model = openGemma3({ dir: path.resolve(BASE), display: BASE });
const lora = attachLora(
  model,
  {
    r: 4,
    alpha: 8,
    dropout: 0.05,
    targetModules: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    rslora: false,
  },
  3,
);
for (const ad of lora.modules.values()) ad.b.assign(tf.randomNormal(ad.b.shape, 0, 0.2, "float32", 4));
const adapterLogits = logitsOf(model);
await exportPeftAdapter(path.join(out, "peft", "adapter"), model, { baseModel: BASE });
const tok = createByteTokenizer();
await exportGemma3Folder(path.join(out, "peft", "merged"), model, tok, { dtype: "f32" });
const merged = openGemma3({ dir: path.join(out, "peft", "merged"), display: "merged" });
const V = model.dims.vocab;
writeSafetensors(path.join(out, "peft", "inputs.safetensors"), {
  input_ids: { dtype: "I64", shape: [1, ids.length], data: BigInt64Array.from(ids, (x) => BigInt(x)) },
  project_adapter_logits: { dtype: "F32", shape: [1, ids.length, V], data: adapterLogits },
  project_merged_logits: { dtype: "F32", shape: [1, ids.length, V], data: logitsOf(merged) },
});
const text = "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n4<end_of_turn>";
writeJsonAtomic(path.join(out, "peft", "manifest.json"), { base: BASE, text, ids: tok.encode(text) });

const corpus = gemma3TokenizerCorpus();
const real = await loadTokenizer({ kind: "hf", path: gemma3TokenizerDir() });
mkdirSync(path.join(out, "tokenizer"), { recursive: true });
writeJsonAtomic(path.join(out, "tokenizer", "corpus.json"), corpus);
writeJsonAtomic(path.join(out, "tokenizer", "project-ids.json"), { ids: corpus.map((t) => real.encode(t)) });
console.log(
  `wrote ${path.relative(process.cwd(), out)} (peft: ${lora.modules.size} modules; tokenizer: ${corpus.length} texts)`,
);
