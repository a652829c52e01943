// `tunix-rt judge cases <file.jsonl> --judge <name@version> [--json]` — calibrate a judge against
// hand-labelled cases `{id, gold, prediction, expected, category?}`: agreement overall and per
// category, and every disagreement. Exit 0 (a report); 1 when the file is invalid.
import path from "node:path";
import { TunixError } from "../errors.ts";
import { stableStringify } from "../io/json.ts";
import { relPath } from "../io/repo.ts";
import { calibrateJudge, readJudgeCases } from "../judge/calibration.ts";
import { getJudge } from "../judge/registry.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const judgeCasesCommand: Command = {
  name: "judge cases",
  summary: "measure a judge's agreement with hand-labelled cases (calibration)",
  usage: "<file.jsonl>",
  options: {
    judge: { type: "string", valueName: "<name@version>", description: "the judge to calibrate (required)" },
    "run-dir": {
      type: "string",
      path: "out-dir",
      valueName: "<dir>",
      description: "folder for caches of judges that call out (llm-rubric)",
    },
    ...JSON_OPTION,
  },
  positionals: [1, 1],
  async run({ args, opts, root, out }) {
    if (typeof opts.judge !== "string") {
      throw new TunixError("E_USAGE", {
        message: "tunix-rt judge cases: --judge <name@version> is required",
      });
    }
    getJudge(opts.judge);
    const file = path.resolve(root, args[0]);
    const cases = await readJudgeCases(file, relPath(root, file));
    const runDir = typeof opts["run-dir"] === "string" ? opts["run-dir"] : undefined;
    const r = await calibrateJudge(cases, opts.judge, { root, runDir });
    if (opts.json) {
      out(stableStringify(r));
      return 0;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    out(`${r.judge}: agreement ${pct(r.agreement)} (${r.agree}/${r.n})`);
    const width = Math.max(8, ...Object.keys(r.by_category).map((c) => c.length));
    for (const [c, b] of Object.entries(r.by_category).sort(([a], [b]) => a.localeCompare(b)))
      out(`  ${c.padEnd(width)}  ${pct(b.agreement).padStart(6)}  ${b.agree}/${b.n}`);
    if (r.disagreements.length) out("disagreements:");
    for (const d of r.disagreements) {
      out(
        `  ${d.id} [${d.category}]: expected ${d.expected}, judged ${d.got} (rule ${d.rule}, ${d.comparison}; extracted ${JSON.stringify(d.extracted)}, gold ${JSON.stringify(d.gold)})`,
      );
    }
    return 0;
  },
};
