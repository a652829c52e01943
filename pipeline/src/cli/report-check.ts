// `tunix-rt report check --name <n> --conclusion success|failure|neutral --summary-file <md>
// [--title t] [--sha commit] [--json]` — create a completed check run (job summary when read-only).
import { TunixError } from "../errors.ts";
import { githubContext, headShaOf } from "../github/actions-env.ts";
import { CONCLUSIONS, type Conclusion, postCheckRun } from "../github/report.ts";
import { readBodyFiles, warnStep } from "../github/step-files.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { requireFiles, requireOption } from "./report-options.ts";

export const reportCheckCommand: Command = {
  name: "report check",
  summary: "create a completed check run with a markdown summary",
  positionals: [0, 0],
  options: {
    name: { type: "string", valueName: "<name>", description: "check run name (required)" },
    conclusion: { type: "string", valueName: "<c>", description: "success, failure or neutral (required)" },
    "summary-file": {
      type: "string",
      path: "external",
      multiple: true,
      valueName: "<md>",
      description: "markdown summary (required)",
    },
    title: { type: "string", valueName: "<text>", description: "output title (default: the name)" },
    sha: {
      type: "string",
      valueName: "<commit>",
      description: "commit (default: PR head from the event, else GITHUB_SHA)",
    },
    ...JSON_OPTION,
  },
  async run({ opts, out }) {
    const name = requireOption(opts, "name");
    const conclusion = requireOption(opts, "conclusion");
    if (!(CONCLUSIONS as readonly string[]).includes(conclusion)) {
      throw new TunixError("E_USAGE", {
        field: "--conclusion",
        expected: CONCLUSIONS.join(", "),
        found: JSON.stringify(conclusion),
      });
    }
    const summary = readBodyFiles(requireFiles(opts["summary-file"], "summary-file"));
    const env = process.env;
    const result = await postCheckRun(githubContext(env), env, {
      name,
      conclusion: conclusion as Conclusion,
      summary,
      title: opts.title as string | undefined,
      headSha: headShaOf(env, opts.sha as string | undefined),
    });
    if (result.warning) warnStep(env, result.warning, out);
    out(
      opts.json
        ? JSON.stringify(result)
        : `check "${name}": ${result.outcome}${result.url ? ` ${result.url}` : ""}`,
    );
    return 0;
  },
};
