// `tunix-rt report outputs <json-file>` — copy the scalar fields of the last JSON object line of a
// file (the output of a `--json` command) to the step outputs (`GITHUB_OUTPUT`), so later steps can
// read them as `steps.<id>.outputs.<field>` without any shell parsing.
import { scalarFieldsOf, writeStepOutputs } from "../github/step-files.ts";
import type { Command } from "./command.ts";

export const reportOutputsCommand: Command = {
  name: "report outputs",
  summary: "copy the fields of a `--json` result file to the step outputs (GITHUB_OUTPUT)",
  usage: "<json-file>",
  positionals: [1, 1],
  run({ args, out }) {
    const fields = scalarFieldsOf(args[0]);
    writeStepOutputs(process.env, fields);
    out(`outputs: ${Object.keys(fields).join(", ") || "(none)"}`);
    return 0;
  },
};
