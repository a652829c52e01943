// `tunix-rt traces check <dataset-name|file.jsonl> [--json]` — list traces whose own steps hold wrong
// arithmetic (file:line, id, claim) and count them. A report: exit 0 whatever it finds; exit 1 only
// when the input is invalid (bad lines, a stale lock).

import { stableStringify } from "../io/json.ts";
import { checkTraces } from "../judge/trace-check.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const tracesCheckCommand: Command = {
  name: "traces check",
  summary: "report traces whose steps contain wrong arithmetic (text and calculator annotations)",
  usage: "<dataset-name|file.jsonl>",
  options: { ...JSON_OPTION },
  positionals: [1, 1],
  async run({ args, opts, root, out }) {
    const report = await checkTraces(root, args[0]);
    if (opts.json) {
      out(stableStringify(report));
      return 0;
    }
    for (const w of report.wrong) {
      out(
        `${w.file}:${w.line}: ${w.id}: step ${w.step + 1}${w.from === "calc" ? " (calculator)" : ""}: ${w.claim} (expected ${w.expected})`,
      );
    }
    out(
      `${report.tracesWithWrong} of ${report.traces} traces have wrong arithmetic (${report.wrong.length} wrong of ${report.claimsChecked} claims checked)`,
    );
    return 0;
  },
};
