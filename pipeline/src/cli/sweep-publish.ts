// `tunix-rt sweep publish <sweep> [--remote origin] [--branch main] [--retries 5] [--json]` — commit
// runs/sweeps/<name>.json and every trial run folder it lists in one commit (bot identity) and push
// it with rebase-retry, like `publish` does for one run.
import { publishSweep } from "../sweep/publish.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const sweepPublishCommand: Command = {
  name: "sweep publish",
  summary: "commit a sweep's result and its trial runs in one commit and push it (rebase + retry)",
  usage: "<sweep>",
  positionals: [1, 1],
  options: {
    remote: { type: "string", default: "origin", valueName: "<name>", description: "git remote to push to" },
    branch: { type: "string", default: "main", valueName: "<name>", description: "branch to push to" },
    retries: { type: "string", default: "5", valueName: "<n>", description: "retries when the remote moved" },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, out, err }) {
    const r = await publishSweep(root, args[0], {
      remote: String(opts.remote),
      branch: String(opts.branch),
      retries: Math.max(0, Math.floor(Number(opts.retries)) || 0),
      onRetry: (attempt, delayMs, reason) =>
        err(`publish: attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`),
    });
    if (opts.json) out(JSON.stringify(r));
    else
      out(
        `${r.file} and ${r.runs} run folder(s): ${r.action} as ${r.commit.slice(0, 12)} (${r.attempts} attempt(s))`,
      );
    return 0;
  },
};
