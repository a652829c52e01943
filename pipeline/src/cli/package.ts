// `tunix-rt package <run> [--out file.zip] [--json]` — the run as an evidence package: run folder,
// resolved config, dataset manifest and lock, a generated README and SHA256SUMS, in one zip that is
// byte-identical when made again (default: artifacts/packages/<run-id>.zip).
import path from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { sha256 } from "../io/json.ts";
import { relPath } from "../io/repo.ts";
import { packageRun } from "../run/package.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { runIdOf } from "./compare.ts";

export const packageCommand: Command = {
  name: "package",
  summary: "zip a run as verifiable evidence (README, SHA256SUMS, config, dataset lock, run folder)",
  usage: "<run>",
  positionals: [1, 1],
  options: {
    out: {
      type: "string",
      path: "out",
      valueName: "<file.zip>",
      description: "where to write it (default: artifacts/packages/<run-id>.zip)",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, out }) {
    const runId = runIdOf(args[0]);
    const pkg = await packageRun(root, runId);
    const file = opts.out
      ? path.resolve(String(opts.out))
      : path.join(root, "artifacts/packages", `${runId}.zip`);
    writeFileAtomic(file, pkg.bytes);
    const shown = relPath(root, file);
    if (opts.json)
      out(
        JSON.stringify({
          file: shown,
          bytes: pkg.bytes.length,
          sha256: sha256(pkg.bytes),
          members: pkg.members,
        }),
      );
    else
      out(
        `${shown}: ${pkg.members.length} files, ${pkg.bytes.length.toLocaleString("en-US")} bytes, sha256 ${sha256(pkg.bytes)}`,
      );
    return 0;
  },
};
