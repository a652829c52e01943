// `tunix-rt package verify <zip> [--json]` — re-check an evidence package: every member against
// SHA256SUMS (a modified, missing or unlisted member is named), the lock against run.json, and the
// lock's trace hashes against this repository's traces when it has them. Exit 1 on any problem.
import path from "node:path";
import { formatProblem } from "../errors.ts";
import { readBytes } from "../io/files.ts";
import { verifyPackage } from "../run/package-verify.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const packageVerifyCommand: Command = {
  name: "package verify",
  summary: "re-check an evidence package's hashes (and the lock's trace hashes when the traces are here)",
  usage: "<zip>",
  positionals: [1, 1],
  options: { ...JSON_OPTION },
  async run({ args, opts, root, out, err }) {
    const display = args[0];
    const report = await verifyPackage(root, readBytes(path.resolve(args[0]), display), display);
    if (opts.json) out(JSON.stringify(report));
    else {
      for (const p of report.problems) err(formatProblem(p));
      const traces = report.traces
        ? `; ${report.traces.checked.toLocaleString("en-US")} trace hashes of the lock checked against traces/ (${report.traces.changed} changed, ${report.traces.absent} not here)`
        : "; lock trace hashes not checked (no traces here)";
      out(
        `${display}: ${report.run}, ${report.verified} of ${report.members - 1} members match SHA256SUMS${report.problems.length ? "" : traces}${report.problems.length ? ` — ${report.problems.length} problem(s)` : ""}`,
      );
    }
    return report.problems.length ? 1 : 0;
  },
};
