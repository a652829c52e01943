// `tunix-rt model merge <run> [--dtype bf16|f32] [--out <dir>]` — fold a LoRA run's adapters into
// its base weights and write the result in the family's own format (Gemma 3: a Hugging Face folder).
import path from "node:path";
import { TunixError } from "../errors.ts";
import { mergeRun } from "../run/merge.ts";
import type { Command } from "./command.ts";

export const modelMergeCommand: Command = {
  name: "model merge",
  summary: "fold a run's LoRA adapters into the base weights; write the merged model folder",
  usage: "<run>",
  positionals: [1, 1],
  options: {
    dtype: {
      type: "string",
      valueName: "<bf16|f32>",
      description: "weight dtype of the written folder (default f32)",
    },
    out: {
      type: "string",
      path: "replace-dir",
      valueName: "<dir>",
      description: "output folder (default <artifacts>/<run-id>/merged)",
    },
  },
  async run({ args, opts, root, out }) {
    const dtype = (opts.dtype as string | undefined) ?? "f32";
    if (dtype !== "bf16" && dtype !== "f32")
      throw new TunixError("E_USAGE", { field: "--dtype", expected: "bf16 | f32", found: dtype });
    const runDir = args[0].includes("/") ? args[0] : path.join("runs", args[0]);
    const r = await mergeRun({ root, runDir, dtype, out: opts.out as string | undefined });
    out(
      `merged ${r.adapters} adapters into ${path.relative(root, r.dir) || r.dir} (${r.files.length} files, ${dtype})`,
    );
    return 0;
  },
};
