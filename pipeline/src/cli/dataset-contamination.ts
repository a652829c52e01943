// `tunix-rt dataset contamination <name> [--against <dataset|file>] [--json]` — how many items of
// each split share their question with train (or with another dataset or JSONL file): exact matches
// of normalised questions and 13-gram overlap (library: dataset/contamination-scan.ts). A report:
// exit 0 whatever it finds; exit 1 only on bad input.
import { measureDataset } from "../dataset/contamination-scan.ts";
import { stableStringify } from "../io/json.ts";
import { type Command, JSON_OPTION } from "./command.ts";

/** Example pairs printed (all exact matches are in --json). */
const SHOWN = 20;

export const datasetContaminationCommand: Command = {
  name: "dataset contamination",
  summary: "count items whose question also appears in train (or --against): exact and 13-gram overlap",
  usage: "<name>",
  options: {
    against: {
      type: "string",
      path: "external",
      valueName: "<dataset|file>",
      description: "compare every split with this dataset (all splits) or JSONL file (prompt or question)",
    },
    ...JSON_OPTION,
  },
  positionals: [1, 1],
  async run({ args, opts, root, out }) {
    const against = typeof opts.against === "string" ? opts.against : undefined;
    const report = await measureDataset(root, args[0], { against });
    if (opts.json) {
      out(stableStringify(report));
      return 0;
    }
    const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "–");
    out(
      `dataset ${report.dataset} against ${report.reference} (${report.referenceCount.toLocaleString("en")} items): normalised questions, ${report.ngramWords}-grams`,
    );
    out("split       items   exact         13-gram        either         short  reference items");
    for (const [split, f] of Object.entries(report.splits)) {
      const cell = (n: number) => `${n} (${pct(n, f.items)})`.padEnd(15);
      out(
        `${split.padEnd(10)} ${String(f.items).padStart(6)}   ${cell(f.exact)}${cell(f.ngram)}${cell(f.any)}${String(f.short).padStart(5)}  ${f.referenceItems}`,
      );
    }
    for (const e of report.examples.slice(0, SHOWN))
      out(`  ${e.kind.padEnd(5)} ${e.split}: ${e.id} ~ ${e.otherId}`);
    if (report.examples.length > SHOWN)
      out(`  … and ${report.examples.length - SHOWN} more (--json lists them)`);
    out(`time: ${report.seconds.toFixed(2)} s (build included)`);
    return 0;
  },
};
