// `tunix-rt dataset diff <name> --base <git-rev> [--json]` — how the dataset's lock changed against
// another revision, as Markdown for a PR comment (or JSON): split sizes, traces added/removed,
// composition rows that changed, manifest fields that changed.
import { diffDataset } from "../dataset/diff.ts";
import { formatDiffMarkdown } from "../dataset/diff-markdown.ts";
import { TunixError } from "../errors.ts";
import { stableStringify } from "../io/json.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const datasetDiffCommand: Command = {
  name: "dataset diff",
  summary: "composition delta of a dataset against a git revision, as Markdown for PR comments",
  usage: "<name>",
  options: {
    base: {
      type: "string",
      valueName: "<git-rev>",
      description: "revision to compare with, e.g. origin/main (required)",
    },
    ...JSON_OPTION,
  },
  positionals: [1, 1],
  async run({ args, opts, root, out }) {
    if (typeof opts.base !== "string") {
      throw new TunixError(
        "E_USAGE",
        "tunix-rt dataset diff: --base <git-rev> is required (e.g. --base origin/main)",
      );
    }
    const d = await diffDataset(root, args[0], opts.base);
    if (opts.json) out(stableStringify(d));
    else out(formatDiffMarkdown(d).trimEnd());
    return 0;
  },
};
