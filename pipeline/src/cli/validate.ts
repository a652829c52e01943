// `tunix-rt validate [paths…] [--format text|github] [--json] [--max-problems N]` — check every data
// file (or those under the paths) against its schema and across files. Exit 0 when clean, 1 when
// any problem. `--format github` prints workflow annotations (`::error file=…,line=…`).
import { formatProblem, TunixError } from "../errors.ts";
import { formatGithubAnnotation } from "../validate/problems.ts";
import { validateRepo } from "../validate/validate.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { createProgress } from "./progress.ts";

const FORMATS = ["text", "github"];

export const validateCommand: Command = {
  name: "validate",
  summary: "check every data file against its schema and across files (ids, references, locks)",
  usage: "[paths…]",
  options: {
    format: {
      type: "string",
      default: "text",
      valueName: "text|github",
      description: "problem lines as text, or as GitHub workflow annotations",
    },
    "max-problems": {
      type: "string",
      default: "1000",
      valueName: "<n>",
      description: "print at most this many problems (all are counted; 0 = all)",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out }) {
    const format = String(opts.format);
    const maxProblems = Number(opts["max-problems"]);
    if (!FORMATS.includes(format))
      throw new TunixError("E_USAGE", { field: "--format", expected: FORMATS.join(" | "), found: format });
    if (!Number.isInteger(maxProblems) || maxProblems < 0)
      throw new TunixError("E_USAGE", {
        field: "--max-problems",
        expected: "a whole number ≥ 0",
        found: String(opts["max-problems"]),
      });
    const progress = createProgress("validate: traces", undefined, { tty: tty && !opts.json });
    const report = await validateRepo(root, {
      paths: args,
      maxProblems,
      onProgress: (n) => progress.update(n),
    });
    if (tty && !opts.json) progress.done();
    if (opts.json) {
      out(JSON.stringify(report));
      return report.ok ? 0 : 1;
    }
    for (const p of report.problems) out(format === "github" ? formatGithubAnnotation(p) : formatProblem(p));
    const hidden = report.problemCount - report.problems.length;
    if (hidden > 0) out(`… and ${hidden} more problems (--max-problems 0 prints all)`);
    const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
    out(
      `validate: ${count(report.files, "file")}, ${count(report.traces, "trace")}, ` +
        `${count(report.problemCount, "problem")} in ${report.seconds.toFixed(1)}s`,
    );
    return report.ok ? 0 : 1;
  },
};
