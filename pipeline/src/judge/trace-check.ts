// `traces check`: which traces get their own arithmetic wrong? Reads a trace file, or the traces a
// dataset's (fresh) lock names, and runs checkTraceArithmetic on each, keeping file:line. Invalid
// input (bad JSON, schema errors, a stale lock) is an error; wrong arithmetic is only reported.
//
//   const report = await checkTraces(root, "traces/gsm8k/train.jsonl");  // or a dataset name
//   report.tracesWithWrong, report.wrong[0]  // {file, line, id, step, claim, expected, found, from}
import { existsSync } from "node:fs";
import path from "node:path";
import { inspectDatasetLock, sourceFiles } from "../dataset/build.ts";
import { datasetPaths, readDatasetManifest } from "../dataset/manifest.ts";
import { type Problem, TunixError } from "../errors.ts";
import { relPath } from "../io/repo.ts";
import { readTraces } from "../io/trace-reader.ts";
import { checkTraceArithmetic, type WrongClaim } from "./step-arithmetic.ts";

export interface TraceCheckRow extends WrongClaim {
  file: string;
  line: number;
  id: string;
}

export interface TraceCheckReport {
  /** The file or dataset checked. */
  target: string;
  traces: number;
  claimsChecked: number;
  tracesWithWrong: number;
  wrong: TraceCheckRow[];
}

/** A `.jsonl` path is read as traces; a name with `datasets/<name>.yaml` is a dataset; else any file. */
export async function checkTraces(root: string, target: string): Promise<TraceCheckReport> {
  const manifestFile = datasetPaths(target).manifest;
  const isDataset = !target.endsWith(".jsonl") && existsSync(path.join(root, manifestFile));
  if (!isDataset) {
    if (!existsSync(path.resolve(root, target))) {
      throw new TunixError("E_NOT_FOUND", {
        file: target,
        message: `no trace file or dataset named ${JSON.stringify(target)}`,
        hint: "give a .jsonl trace file or the name of a dataset in datasets/",
      });
    }
    return checkFiles(root, target, [relPath(root, target)], null);
  }
  const manifest = readDatasetManifest(root, target);
  const { fresh, problems } = await inspectDatasetLock(root, target);
  if (!fresh) throw new TunixError("E_STALE", problems);
  const ids = new Set(Object.values(fresh.splits).flatMap((entries) => entries.map((e) => e.id)));
  return checkFiles(root, target, sourceFiles(root, manifest).files, ids);
}

async function checkFiles(
  root: string,
  target: string,
  files: string[],
  ids: Set<string> | null,
): Promise<TraceCheckReport> {
  const report: TraceCheckReport = { target, traces: 0, claimsChecked: 0, tracesWithWrong: 0, wrong: [] };
  const problems: Problem[] = [];
  for await (const { trace, file, line } of readTraces(root, files, (p) => problems.push(p))) {
    if (ids && !ids.has(trace.id)) continue;
    report.traces++;
    const check = checkTraceArithmetic(trace);
    report.claimsChecked += check.checked;
    if (check.wrong.length === 0) continue;
    report.tracesWithWrong++;
    for (const w of check.wrong) report.wrong.push({ file, line, id: trace.id, ...w });
  }
  if (problems.length > 0) throw new TunixError("E_VALIDATION", problems);
  return report;
}
