// `tunix-rt compare <run-a> <run-b> [...] [--judge name@v] [--json | --md]` — per-item flips, exact
// McNemar p and score deltas with Newcombe intervals between runs, over the items both runs judged:
// the numbers of the site's compare page (both call report/compare.ts). `--md` prints Markdown for
// a PR comment or a job summary (report/compare-format.ts). `--eval <name>` compares the runs' extra
// evals of that name (runs/<id>/evals/<name>/); sampled ones add pass@k and maj@k deltas with paired
// bootstrap intervals.
import { TunixError } from "../errors.ts";
import { compareRuns } from "../report/compare.ts";
import { formatComparison, formatComparisonMarkdown } from "../report/compare-format.ts";
import { evalCompareInput } from "../report/eval-view.ts";
import { readEvalFolder } from "../report/evals-reader.ts";
import { toRunView } from "../report/run-view.ts";
import { readRunFolder } from "../report/runs-reader.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const compareCommand: Command = {
  name: "compare",
  summary: "compare 2…N runs item by item: flips, McNemar test, score deltas with CIs, config diff",
  usage: "<run-a> <run-b> [run …]",
  positionals: [2, 64],
  options: {
    judge: {
      type: "string",
      valueName: "<name@v>",
      description: "judge whose verdicts are compared",
      default: "answer-correctness@1",
    },
    eval: {
      type: "string",
      valueName: "<name>",
      description: "compare each run's extra eval of this name (runs/<id>/evals/<name>/)",
    },
    ...JSON_OPTION,
    md: { type: "boolean", description: "print Markdown (PR comments, job summaries)" },
  },
  run({ args, opts, root, out }) {
    const judge = String(opts.judge);
    const name = opts.eval as string | undefined;
    const views = args.map((a) => {
      const id = runIdOf(a);
      if (name === undefined) return toRunView(readRunFolder(root, id));
      const run = readRunFolder(root, id, { items: false });
      const input = evalCompareInput(run.manifest.config, readEvalFolder(root, id, name));
      return { ...input, judges: [...new Set(input.items.flatMap((i) => Object.keys(i.verdicts)))] };
    });
    for (const v of views) {
      if (!v.judges.includes(judge)) {
        throw new TunixError("E_STATE", {
          file:
            name === undefined
              ? `runs/${v.id}/verdicts.jsonl`
              : `runs/${v.id.replace("/", "/evals/")}/verdicts.jsonl`,
          message: `no verdicts of ${judge}`,
          expected: judge,
          found: v.judges.join(", ") || "no verdicts",
          hint: "pick a judge the runs have with --judge, or judge the run first",
        });
      }
    }
    const c = compareRuns(views, judge);
    if (opts.json) out(JSON.stringify(c));
    else for (const line of opts.md ? formatComparisonMarkdown(c) : formatComparison(c)) out(line);
    return 0;
  },
};

/** `runs/<id>`, `runs/<id>/`, `./runs/<id>` or a bare `<id>` → `<id>`. */
export function runIdOf(arg: string): string {
  const parts = arg
    .replace(/\\/g, "/")
    .split("/")
    .filter((p) => p && p !== ".");
  const id = parts.at(-1) ?? "";
  if (!id || (parts.length > 1 && parts.at(-2) !== "runs")) {
    throw new TunixError("E_USAGE", {
      message: `not a run: ${arg}`,
      expected: "runs/<id> or <id>",
      found: arg,
    });
  }
  return id;
}
