// `tunix-rt report pr --body-file <file> [--body-file <file>…] [--title t] [--marker name] [--pr n] [--json]`
// — post or update the sticky PR comment marked `<!-- tunix-rt:<name> -->`; job summary when read-only.
import { githubContext, prNumberOf } from "../github/actions-env.ts";
import { postPrComment } from "../github/report.ts";
import { readBodyFiles, warnStep } from "../github/step-files.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { requireFiles } from "./report-options.ts";

export const reportPrCommand: Command = {
  name: "report pr",
  summary: "post or update the sticky pull request comment (job summary when the token is read-only)",
  positionals: [0, 0],
  options: {
    "body-file": {
      type: "string",
      path: "external",
      multiple: true,
      valueName: "<file>",
      description:
        "body part, repeatable: .md as markdown, .json as indented JSON, other files as a code block",
    },
    title: { type: "string", valueName: "<text>", description: "heading above the body" },
    marker: { type: "string", default: "pr", valueName: "<name>", description: "name in the hidden marker" },
    pr: {
      type: "string",
      valueName: "<number>",
      description: "pull request number (default: from GITHUB_EVENT_PATH)",
    },
    ...JSON_OPTION,
  },
  async run({ opts, out }) {
    const parts = readBodyFiles(requireFiles(opts["body-file"]));
    const body = opts.title ? `## ${String(opts.title)}\n\n${parts}` : parts;
    const env = process.env;
    const pr = prNumberOf(env, opts.pr as string | undefined);
    const result = await postPrComment(githubContext(env), env, { pr, body, marker: String(opts.marker) });
    if (result.warning) warnStep(env, result.warning, out);
    out(
      opts.json
        ? JSON.stringify(result)
        : `PR #${pr}: ${result.outcome}${result.url ? ` ${result.url}` : ""}`,
    );
    return 0;
  },
};
