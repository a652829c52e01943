// `sweep publish <sweep>`: commit the sweep result (`runs/sweeps/<name>.json`) and every trial run
// folder it lists in one commit, pushed with the publisher's rebase-retry (github/publish.ts). Every
// file is validated first (the result against its schema, each run folder as `publish` checks it).
//
//   const r = await publishSweep(root, "smoke-lr", { remote: "origin", branch: "main", retries: 8 });
import path from "node:path";
import { type PublishOptions, publishPaths } from "../github/publish.ts";
import { checkRunFolder } from "../github/run-folder.ts";
import { folderExists } from "../io/files.ts";
import { readJsonFile } from "../io/read.ts";
import { SweepResult } from "../schemas/sweep.ts";
import { sweepResultFile } from "./load.ts";

export async function publishSweep(root: string, name: string, opts: PublishOptions = {}) {
  const file = sweepResultFile(name);
  const result = readJsonFile(path.join(root, file), SweepResult, file);
  const dirs = result.trials
    .filter((t) => folderExists(path.join(root, "runs", t.run)))
    .map((t) => `runs/${t.run}`);
  for (const dir of dirs) await checkRunFolder(root, dir);
  const best = result.best ? `, best ${result.best.trial} (${result.metric} ${result.best.score})` : "";
  const message = (action: "added" | "updated") =>
    `sweeps: ${action === "added" ? "add" : "update"} ${name} (${result.trials.length} trials${best})`;
  const r = await publishPaths(root, [file, ...dirs], message, {
    ...opts,
    again: `tunix-rt sweep publish ${name}`,
  });
  return { ...r, file, runs: dirs.length };
}
