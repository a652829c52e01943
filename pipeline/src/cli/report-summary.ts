// `tunix-rt report summary --body-file <md> [--body-file <md>…]` — append markdown to the job
// summary (`GITHUB_STEP_SUMMARY`).
import { appendStepSummary, readBodyFiles } from "../github/step-files.ts";
import type { Command } from "./command.ts";
import { requireFiles } from "./report-options.ts";

export const reportSummaryCommand: Command = {
  name: "report summary",
  summary: "append markdown to the job summary (GITHUB_STEP_SUMMARY)",
  positionals: [0, 0],
  options: {
    "body-file": {
      type: "string",
      path: "external",
      multiple: true,
      valueName: "<file>",
      description:
        "part to append, repeatable: .md as markdown, .json as indented JSON, others as a code block",
    },
  },
  async run({ opts, out }) {
    const file = await appendStepSummary(process.env, readBodyFiles(requireFiles(opts["body-file"])));
    out(`appended to ${file}`);
    return 0;
  },
};
