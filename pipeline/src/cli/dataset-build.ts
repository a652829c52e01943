// `tunix-rt dataset build [<name>] [--check] [--json]` — resolve datasets/<name>.yaml into
// datasets/<name>.lock.json (every dataset when no name is given). `--check` writes nothing and exits
// 1 when a lock is missing or stale, like `npm ci` for package-lock. An external dataset whose traces
// are absent (traces/external/, not committed: dataset/external.ts) is reported as not checked, and
// skipped when every dataset is built; built by name, it fails with the hint to import its traces.

import { checkDatasetLockAndLeaks, type LockSummary, updateDatasetLock } from "../dataset/build.ts";
import { absentExternalOf } from "../dataset/external.ts";
import { datasetPaths, listDatasetNames } from "../dataset/manifest.ts";
import { formatProblem, type Problem } from "../errors.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { createProgress } from "./progress.ts";

/** Small datasets build in a blink: no progress lines before this many traces. */
const PROGRESS_AFTER_TRACES = 50_000;

export const datasetBuildCommand: Command = {
  name: "dataset build",
  summary: "resolve a dataset manifest into its lock (ids, hashes, splits, stats); --check verifies locks",
  usage: "[<name>]",
  options: {
    check: { type: "boolean", description: "write nothing; exit 1 when a lock is missing or stale" },
    ...JSON_OPTION,
  },
  positionals: [0, 1],
  async run({ args, opts, root, tty, out, err }) {
    const names = args.length ? args : listDatasetNames(root);
    if (opts.check) {
      const results: { name: string; lock: string; ok: boolean; problems: Problem[]; absent?: string[] }[] =
        [];
      for (const name of names) {
        const { problems, absent } = await checkDatasetLockAndLeaks(root, name);
        const lock = datasetPaths(name).lock;
        results.push({
          name,
          lock,
          ok: problems.length === 0,
          problems,
          ...(absent.length ? { absent } : {}),
        });
      }
      const ok = results.every((r) => r.ok);
      if (opts.json) out(JSON.stringify({ ok, datasets: results }));
      else {
        for (const r of results) {
          if (r.absent)
            out(`${r.lock}: not checked: its external traces are absent (${r.absent.join(", ")})`);
          else if (r.ok) out(`${r.lock}: up to date`);
          else for (const p of r.problems) err(formatProblem(p));
        }
        if (names.length === 0) out("no dataset manifests in datasets/");
      }
      return ok ? 0 : 1;
    }
    const built: LockSummary[] = [];
    for (const name of names) {
      const absent = args.length ? [] : absentExternalOf(root, name);
      if (absent.length) {
        if (!opts.json) out(`skipped dataset ${name}: its external traces are absent (${absent.join(", ")})`);
        continue;
      }
      const progress = createProgress(`dataset ${name}: traces read`, undefined, { tty });
      const summary = await updateDatasetLock(root, name, {
        onProgress: (n) => n >= PROGRESS_AFTER_TRACES && progress.update(n),
      });
      progress.done(`(${summary.candidates} candidates)`);
      built.push(summary);
      const counts = Object.entries(summary.splits)
        .map(([s, n]) => `${s} ${n}`)
        .join(", ");
      if (!opts.json)
        out(
          `wrote ${summary.lock}: ${counts} (${summary.candidates} candidates, ${summary.duplicates} duplicates dropped)`,
        );
    }
    if (opts.json) out(JSON.stringify({ datasets: built }));
    else if (names.length === 0) err("no dataset manifests in datasets/");
    return 0;
  },
};
