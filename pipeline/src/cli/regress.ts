// `tunix-rt regress <run-dir> [--baselines configs/baselines.yaml] [--json]` — compare a run with
// its baselines item by item (paired, over the items both judged); exit 1 when it regressed beyond a
// baseline's tolerance or shares no item with a baseline (report/regress.ts).
import path from "node:path";
import { readYamlFile } from "../io/read.ts";
import { formatRegression, regressRun } from "../report/regress.ts";
import { Baselines } from "../schemas/baselines.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { runIdOf } from "./compare.ts";

export const regressCommand: Command = {
  name: "regress",
  summary: "compare a run with the baselines of configs/baselines.yaml (paired); exit 1 on a regression",
  usage: "<run-dir>",
  positionals: [1, 1],
  options: {
    baselines: {
      type: "string",
      path: "in",
      default: "configs/baselines.yaml",
      valueName: "<file>",
      description: "baselines file",
    },
    ...JSON_OPTION,
  },
  run({ args, opts, root, out }) {
    const file = String(opts.baselines);
    const baselines = readYamlFile(path.resolve(root, file), Baselines, file);
    const report = regressRun(root, runIdOf(args[0]), baselines);
    if (opts.json) out(JSON.stringify(report));
    else for (const line of formatRegression(report)) out(line);
    return report.failed ? 1 : 0;
  },
};
