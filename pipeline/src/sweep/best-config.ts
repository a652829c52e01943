// `sweep collect --write-best-config`: `configs/runs/<sweep>-best.yaml`, the base run config with the
// best trial's values set in place (yaml's Document API, so the base file's comments and layout
// stay) and a header saying where it came from. Its run name is the file name, so training it makes
// a new run rather than resuming the trial's.
//
//   const rel = writeBestConfig(root, result); // "configs/runs/smoke-lr-best.yaml"
import path from "node:path";
import { parseDocument } from "yaml";
import { TunixError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { readText } from "../io/files.ts";
import type { SweepResult } from "../schemas/sweep.ts";

export function bestConfigFile(sweep: string): string {
  return `configs/runs/${sweep}-best.yaml`;
}

/** The best config's YAML text (the base file with the best trial's params). */
export function bestConfigText(root: string, result: SweepResult): string {
  if (!result.best) {
    throw new TunixError("E_STATE", {
      file: `runs/sweeps/${result.sweep}.json`,
      field: "best",
      message: "no trial has a score yet, so there is no best config",
      hint: `run the trials first: tunix-rt sweep run ${result.sweep}`,
    });
  }
  const best = result.trials.find((t) => t.id === result.best!.trial)!;
  const doc = parseDocument(readText(path.join(root, result.base), result.base));
  for (const [p, value] of Object.entries(best.params)) doc.setIn(p.split("."), value);
  if (doc.has("name")) doc.set("name", `${result.sweep}-best`);
  const header = [
    ` Best trial ${best.id} of sweep ${result.sweep} (${result.file}): ${result.metric} ${best.score},`,
    ` run runs/${best.run}. Written by \`tunix-rt sweep collect ${result.sweep} --write-best-config\`:`,
    ` ${result.base} with ${Object.entries(best.params)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(", ")}.`,
  ].join("\n");
  doc.commentBefore = doc.commentBefore ? `${header}\n${doc.commentBefore}` : header;
  return doc.toString();
}

export function writeBestConfig(root: string, result: SweepResult): string {
  const rel = bestConfigFile(result.sweep);
  writeFileAtomic(path.join(root, rel), bestConfigText(root, result));
  return rel;
}
