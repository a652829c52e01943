// `tunix-rt judge <run-dir> [--judge name@v …]` — re-judge stored predictions (no inference) and
// rewrite verdicts.jsonl and eval_summary.json.
import path from "node:path";
import { getJudge } from "../judge/registry.ts";
import { judgeRunFolder, summarizeRunFolder } from "../run/judge-stage.ts";
import { runStage } from "../run/manifest.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { printSummary } from "./summary-print.ts";

export const judgeCommand: Command = {
  name: "judge",
  summary: "judge a run's stored predictions and summarize (never re-runs inference)",
  usage: "<run-dir>",
  positionals: [1, 1],
  options: {
    judge: {
      type: "string",
      multiple: true,
      valueName: "<name@version>",
      description: "judges to run (default: the run config's judges)",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, out }) {
    const runDir = path.resolve(root, args[0]);
    const judges = opts.judge as string[] | undefined;
    for (const name of judges ?? []) getJudge(name); // a typo is a usage error, not a failed run
    await runStage(runDir, "judge", () => judgeRunFolder({ root, runDir, judges }));
    const summary = await runStage(runDir, "summarize", async () => summarizeRunFolder({ root, runDir }));
    if (opts.json) out(JSON.stringify(summary));
    else printSummary(summary, out);
    return 0;
  },
};
