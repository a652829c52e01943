// `tunix-rt dataset preview <name> --config <run config> [--split s] [--n 5] [--set k=v …] [--json]`
// — the first examples of a split as the trainer of that config sees them: tokens, the loss-carrying
// ones apart, and how many examples of the split the context length cuts (library: train/preview.ts).
import { TunixError } from "../errors.ts";
import { loadRunConfig } from "../run/config-load.ts";
import { formatPreview, previewDataset } from "../train/preview.ts";
import { type Command, JSON_OPTION, SET_OPTION } from "./command.ts";

export const datasetPreviewCommand: Command = {
  name: "dataset preview",
  summary: "show examples as the trainer of a run config sees them: tokens, loss-carrying ones, truncation",
  usage: "<name>",
  positionals: [1, 1],
  options: {
    config: {
      type: "string",
      path: "in",
      valueName: "<file>",
      description: "run config whose tokenizer and lengths to use",
    },
    split: { type: "string", valueName: "<name>", description: "split (default: the config's train split)" },
    n: { type: "string", valueName: "<count>", description: "examples to show (default 5)" },
    ...SET_OPTION,
    ...JSON_OPTION,
  },
  async run({ args, opts, root, out }) {
    if (typeof opts.config !== "string") {
      throw new TunixError("E_USAGE", {
        field: "--config",
        message: "a run config is required: it says which tokenizer, maxLength and loss mode to use",
        hint: "e.g. --config configs/runs/demo.yaml",
      });
    }
    const n = opts.n === undefined ? 5 : Number(opts.n);
    if (!Number.isInteger(n) || n < 0) {
      throw new TunixError("E_USAGE", {
        field: "--n",
        expected: "a whole number ≥ 0",
        found: String(opts.n),
      });
    }
    const loaded = loadRunConfig(root, opts.config, (opts.set as string[] | undefined) ?? []);
    const preview = await previewDataset(root, loaded.config, {
      dataset: args[0],
      split: typeof opts.split === "string" ? opts.split : undefined,
      n,
    });
    if (opts.json) out(JSON.stringify(preview));
    else for (const line of formatPreview(preview)) out(line);
    return 0;
  },
};
