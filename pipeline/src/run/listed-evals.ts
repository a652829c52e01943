// The evaluations a run config lists under `inference.evals`, run by `tunix-rt run` once the run's
// own eval is summarized: each into runs/<id>/evals/<name>/, exactly as
// `tunix-rt infer <run> --eval <name>` then `tunix-rt judge <run> --eval <name>` make it. A stage
// an eval has completed is skipped, so running the config again resumes where it stopped; a signal
// stops between stages. A failing eval leaves the run's own results completed and is named.
//
//   const r = await runListedEvals({ root, runDir, log });
//   r.done   // [{ name: "gsm8k-test", summary, skipped: false }, …]
import { existsSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { readJsonFile } from "../io/read.ts";
import { EvalSummary } from "../schemas/summary.ts";
import { EVAL_FILE, entryName, evalDirOf, readEvalManifest, recordEvalStage } from "./eval-target.ts";
import { inferRun } from "./infer-stage.ts";
import { judgeRunFolder, SUMMARY_FILE, summarizeRunFolder } from "./judge-stage.ts";
import { readRunManifest } from "./manifest.ts";

export interface ListedEval {
  name: string;
  summary: EvalSummary;
  /** Every stage was found done: nothing was redone. */
  skipped: boolean;
}

export async function runListedEvals(opts: {
  root: string;
  runDir: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onInferProgress?: (done: number, total: number) => void;
}): Promise<{ done: ListedEval[]; interrupted: boolean }> {
  const { root, runDir } = opts;
  const log = opts.log ?? (() => {});
  const m = readRunManifest(runDir);
  const done: ListedEval[] = [];
  for (const entry of m.config.inference.evals ?? []) {
    const name = entryName(entry);
    const dir = evalDirOf(runDir, name);
    const where = `runs/${m.id}/evals/${name}`;
    const stageDone = (s: string) =>
      existsSync(path.join(dir, EVAL_FILE)) &&
      readEvalManifest(root, runDir, name).stages[s]?.status === "completed";
    let skipped = true;
    const stage = async (s: "infer" | "judge" | "summarize", work: () => Promise<unknown>) => {
      if (stageDone(s)) return true;
      if (opts.signal?.aborted) return false;
      log(`eval ${name} ${s}: ${where}`);
      skipped = false;
      try {
        await work();
      } catch (err) {
        if (!(err instanceof TunixError)) throw err;
        // The run itself is complete: name the listed eval that failed, then what went wrong.
        throw new TunixError(err.code, [
          {
            file: `runs/${m.id}/run.json`,
            field: `config.inference.evals (${name})`,
            message: `eval ${name} failed at ${s}; the run's own results are complete and kept`,
            hint: "fix what follows and run the config again: finished stages are skipped",
          },
          ...err.problems,
        ]);
      }
      return true;
    };
    // infer writes eval.json afresh (with its own stage record); judge and summarize record theirs.
    const ok =
      (await stage("infer", () =>
        inferRun({ root, runDir, eval: { name }, onProgress: opts.onInferProgress }),
      )) &&
      (await stage("judge", () =>
        recordEvalStage(dir, "judge", () => judgeRunFolder({ root, runDir, eval: name })),
      )) &&
      (await stage("summarize", () =>
        recordEvalStage(dir, "summarize", async () => summarizeRunFolder({ root, runDir, eval: name })),
      ));
    if (!ok) return { done, interrupted: true };
    done.push({ name, summary: readSummary(root, runDir, name), skipped });
  }
  return { done, interrupted: false };
}

/** The summary the summarize stage wrote, read back. */
function readSummary(root: string, runDir: string, name: string): EvalSummary {
  const file = path.join(evalDirOf(runDir, name), SUMMARY_FILE);
  return readJsonFile(file, EvalSummary, path.relative(root, file));
}
