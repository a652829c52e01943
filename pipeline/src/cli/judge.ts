// `tunix-rt judge <run-dir> [--judge name@v …] [--eval <name>]` — re-judge stored predictions (no
// inference) and rewrite verdicts.jsonl and eval_summary.json (of runs/<id>/evals/<name>/ with --eval).
import path from "node:path";
import { getJudge } from "../judge/registry.ts";
import { evalDirOf, recordEvalStage } from "../run/eval-target.ts";
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
    eval: {
      type: "string",
      valueName: "<name>",
      description: "judge the extra eval runs/<id>/evals/<name>/ (made by `infer --dataset`/`--eval`)",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, out }) {
    const runDir = path.resolve(root, args[0]);
    const judges = opts.judge as string[] | undefined;
    for (const name of judges ?? []) getJudge(name); // a typo is a usage error, not a failed run
    const name = opts.eval as string | undefined;
    // An extra eval keeps its stage records in its own eval.json; the run's in run.json.
    const stage = <T>(s: "judge" | "summarize", work: () => Promise<T>) =>
      name === undefined ? runStage(runDir, s, work) : recordEvalStage(evalDirOf(runDir, name), s, work);
    await stage("judge", () => judgeRunFolder({ root, runDir, judges, eval: name }));
    const summary = await stage("summarize", async () => summarizeRunFolder({ root, runDir, eval: name }));
    if (opts.json) out(JSON.stringify(summary));
    else printSummary(summary, out);
    return 0;
  },
};
