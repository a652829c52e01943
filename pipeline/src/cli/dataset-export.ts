// `tunix-rt dataset export <name> --split <split> [--format chat|messages|prompt-completion|trace]
// [--trace-format numbered|tagged] [--out file]` — one split of a locked dataset as JSON lines, for
// training here or elsewhere (TRL, HF). Writes to stdout unless --out is given.
import path from "node:path";
import { EXPORT_FORMATS, exportDataset } from "../dataset/export.ts";
import { TunixError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { TRACE_FORMATS } from "../traces/formats.ts";
import type { Command } from "./command.ts";

export const datasetExportCommand: Command = {
  name: "dataset export",
  summary: "write one split of a locked dataset as JSON lines (chat, messages, prompt-completion, trace)",
  usage: "<name>",
  options: {
    split: {
      type: "string",
      valueName: "<split>",
      description: "split to export, e.g. train or eval (required)",
    },
    format: {
      type: "string",
      default: "chat",
      valueName: "<format>",
      description: Object.keys(EXPORT_FORMATS).join(" | "),
    },
    "trace-format": {
      type: "string",
      valueName: "<format>",
      description: `completion format (${Object.keys(TRACE_FORMATS).join(" | ")}); default: the manifest's`,
    },
    out: { type: "string", path: "out", valueName: "<file>", description: "write here instead of stdout" },
  },
  positionals: [1, 1],
  async run({ args, opts, root, out }) {
    if (typeof opts.split !== "string") {
      throw new TunixError(
        "E_USAGE",
        "tunix-rt dataset export: --split <split> is required (e.g. --split train)",
      );
    }
    const lines = await exportDataset(root, args[0], opts.split, String(opts.format), {
      traceFormat: typeof opts["trace-format"] === "string" ? opts["trace-format"] : undefined,
    });
    if (typeof opts.out === "string") {
      writeFileAtomic(path.resolve(opts.out), lines.length ? `${lines.join("\n")}\n` : "");
      out(`wrote ${lines.length} examples to ${opts.out}`);
    } else for (const line of lines) out(line);
    return 0;
  },
};
