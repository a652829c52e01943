// `tunix-rt publish <run-dir> [--remote origin] [--branch main] [--retries 5] [--json]` — validate a
// run folder, commit only that folder with the bot identity (`tunix-rt-bot`; override with the
// TUNIX_RT_BOT_NAME / TUNIX_RT_BOT_EMAIL environment variables) and push it with rebase-retry.
import { TunixError } from "../errors.ts";
import { publishRun } from "../github/publish.ts";
import { resolveRunDir } from "../github/run-folder.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const publishCommand: Command = {
  name: "publish",
  summary: "commit one run folder with the bot identity and push it (rebase + retry)",
  usage: "<run-dir>",
  positionals: [1, 1],
  options: {
    remote: { type: "string", default: "origin", valueName: "<name>", description: "git remote to push to" },
    branch: { type: "string", default: "main", valueName: "<name>", description: "branch to push to" },
    retries: { type: "string", default: "5", valueName: "<n>", description: "retries when the remote moved" },
    "backoff-ms": {
      type: "string",
      default: "500",
      valueName: "<ms>",
      description: "base delay of the jittered exponential backoff",
    },
    ...JSON_OPTION,
  },
  async run({ root, args, opts, out, err }) {
    const retries = nonNegativeInt(opts.retries, "--retries");
    const baseMs = nonNegativeInt(opts["backoff-ms"], "--backoff-ms");
    const dir = resolveRunDir(root, args[0]);
    const result = await publishRun(root, dir, {
      remote: String(opts.remote),
      branch: String(opts.branch),
      retries,
      backoff: { baseMs, maxMs: Math.max(baseMs, 10_000) },
      onRetry: (attempt, delayMs, reason) =>
        err(`publish: attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`),
    });
    if (opts.json) out(JSON.stringify(result));
    else if (result.action === "unchanged")
      out(`${dir}: unchanged, nothing to publish (${result.commit.slice(0, 12)})`);
    else
      out(
        `${dir}: ${result.action} as ${result.commit.slice(0, 12)} on ${opts.remote}/${opts.branch} (${result.attempts} attempt(s))`,
      );
    return 0;
  },
};

function nonNegativeInt(value: unknown, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new TunixError("E_USAGE", { field: flag, expected: "a whole number ≥ 0", found: String(value) });
  }
  return n;
}
