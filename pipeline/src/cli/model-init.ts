// `tunix-rt model init --family gemma3 --preset tiny --out <name> [--dataset demo] [--vocab 1024]
// [--seed 0] [--dtype f32|bf16] [--force]` — write a random-weight model folder into the model
// store ($TUNIX_MODEL_STORE); a run config then names it as `model.weights: <name>`.
import { TunixError } from "../errors.ts";
import { GEMMA3_PRESETS } from "../model/families/gemma3-init.ts";
import { initModel } from "../run/model-init.ts";
import type { Command } from "./command.ts";

export const modelInitCommand: Command = {
  name: "model init",
  summary: "write a random-weight model folder (Gemma 3 presets) into the model store",
  positionals: [0, 0],
  options: {
    family: { type: "string", valueName: "<gemma3>", description: "model family (only gemma3 has presets)" },
    preset: {
      type: "string",
      valueName: `<${Object.keys(GEMMA3_PRESETS).join("|")}>`,
      description: "shapes (default tiny)",
    },
    out: {
      type: "string",
      path: "store",
      valueName: "<name>",
      description: "store-relative folder name, e.g. tiny-gemma3 (required)",
    },
    dataset: {
      type: "string",
      valueName: "<name>",
      description: "tiny: train the BPE on this dataset's train split (default demo)",
    },
    vocab: { type: "string", valueName: "<n>", description: "tiny: BPE vocabulary size (default 1024)" },
    seed: { type: "string", valueName: "<n>", description: "weight seed (default 0)" },
    dtype: { type: "string", valueName: "<f32|bf16>", description: "weight dtype on disk (default f32)" },
    force: { type: "boolean", description: "replace an existing folder" },
  },
  async run({ opts, root, out }) {
    const int = (key: string, dflt: number) => {
      const v = opts[key] === undefined ? dflt : Number(opts[key]);
      if (!Number.isSafeInteger(v) || v < 0)
        throw new TunixError("E_USAGE", {
          field: `--${key}`,
          expected: "a non-negative integer",
          found: String(opts[key]),
        });
      return v;
    };
    if (typeof opts.out !== "string")
      throw new TunixError("E_USAGE", {
        field: "--out",
        expected: "a store-relative name",
        found: "nothing",
      });
    const dtype = (opts.dtype as string | undefined) ?? "f32";
    if (dtype !== "f32" && dtype !== "bf16")
      throw new TunixError("E_USAGE", { field: "--dtype", expected: "f32 | bf16", found: dtype });
    const r = await initModel({
      root,
      family: (opts.family as string | undefined) ?? "gemma3",
      preset: (opts.preset as string | undefined) ?? "tiny",
      out: opts.out,
      dataset: opts.dataset as string | undefined,
      vocabSize: int("vocab", 1024),
      seed: int("seed", 0),
      dtype,
      force: opts.force === true,
    });
    out(`wrote ${r.name} (vocabulary ${r.vocab}) to the model store: ${r.dir}`);
    out(`use it in a run config as  model: { family: gemma3, weights: ${r.name} }`);
    return 0;
  },
};
