// `tunix-rt sweep collect <sweep> [--write-best-config] [--out report.md] [--json]` — read the trials'
// run folders into runs/sweeps/<name>.json (trials, best trial, failures, steps saved) and print the
// Markdown report on stdout (for the job summary); `--write-best-config` also writes
// configs/runs/<name>-best.yaml.
import path from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { writeBestConfig } from "../sweep/best-config.ts";
import { collectSweep, writeSweepResult } from "../sweep/collect.ts";
import { formatSweepReport } from "../sweep/report.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const sweepCollectCommand: Command = {
  name: "sweep collect",
  summary: "write runs/sweeps/<name>.json from the trials' run folders; print the Markdown report",
  usage: "<sweep>",
  positionals: [1, 1],
  options: {
    "write-best-config": { type: "boolean", description: "also write configs/runs/<name>-best.yaml" },
    out: {
      type: "string",
      path: "out",
      valueName: "<file.md>",
      description: "also write the report to this file",
    },
    ...JSON_OPTION,
  },
  run({ args, opts, root, out, err }) {
    const result = collectSweep(root, args[0]);
    const file = writeSweepResult(root, result);
    const bestConfig = opts["write-best-config"] ? writeBestConfig(root, result) : undefined;
    const report = formatSweepReport(result);
    if (opts.out) writeFileAtomic(path.resolve(String(opts.out)), `${report.join("\n")}\n`);
    if (opts.json)
      out(
        JSON.stringify({
          file,
          bestConfig,
          best: result.best,
          bestTrial: result.best?.trial ?? "",
          steps: result.steps,
        }),
      );
    else {
      // stdout is the report alone (`> summary.md` in the workflow); where it wrote goes to stderr.
      for (const line of report) out(line);
      err(`wrote ${file}${bestConfig ? ` and ${bestConfig}` : ""}`);
    }
    return 0;
  },
};
