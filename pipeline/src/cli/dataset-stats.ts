// `tunix-rt dataset stats <name> [--json]` — the composition of each split as recorded in the lock:
// counts by source, category, difficulty and step count, and prompt/completion lengths.
import path from "node:path";
import { buildHint, datasetPaths } from "../dataset/manifest.ts";
import { formatStatsTables } from "../dataset/stats-table.ts";
import { TunixError } from "../errors.ts";
import { stableStringify } from "../io/json.ts";
import { readJsonFile } from "../io/read.ts";
import { DatasetLock } from "../schemas/lock.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const datasetStatsCommand: Command = {
  name: "dataset stats",
  summary: "print the composition of each split of a dataset (from its lock)",
  usage: "<name>",
  options: { ...JSON_OPTION },
  positionals: [1, 1],
  run({ args, opts, root, out }) {
    const file = datasetPaths(args[0]).lock;
    let lock: DatasetLock;
    try {
      lock = readJsonFile(path.join(root, file), DatasetLock, file);
    } catch (e) {
      if (e instanceof TunixError && e.code === "E_NOT_FOUND")
        throw new TunixError("E_NOT_FOUND", { file, message: "lock not found", hint: buildHint(args[0]) });
      throw e;
    }
    if (opts.json) {
      const { name, seed, candidates, duplicates, stats } = lock;
      out(stableStringify({ name, seed, candidates, duplicates, stats }));
    } else for (const line of formatStatsTables(lock)) out(line);
    return 0;
  },
};
