// `tunix-rt run <config.yaml> [--set k=v …] [--run-id id] [--force] [--device d] [--require-gpu]
//   [--stop-at-step n] [--json]`
// train → infer → judge → summarize into runs/<id>/; re-running resumes and skips completed stages.
import { TunixError } from "../errors.ts";
import { setBackendPolicy } from "../model/backend.ts";
import { runPipeline } from "../run/pipeline.ts";
import { DEVICES } from "../schemas/config.ts";
import { type Command, JSON_OPTION, SET_OPTION } from "./command.ts";
import { stageProgress, withInterrupt } from "./stage-progress.ts";
import { printSummary } from "./summary-print.ts";

export const runCommand: Command = {
  name: "run",
  summary: "train → infer → judge → summarize a run config into runs/<id>/ (resumable)",
  usage: "<config.yaml>",
  positionals: [1, 1],
  options: {
    ...SET_OPTION,
    "run-id": {
      type: "string",
      valueName: "<id>",
      description: "run folder name (default: <name>-<hash of config and dataset lock>)",
    },
    force: { type: "boolean", description: "discard earlier results of this run and redo every stage" },
    device: {
      type: "string",
      valueName: "<device>",
      description: `tensor backend: ${DEVICES.join(", ")} (same as --set training.device=…)`,
    },
    "require-gpu": {
      type: "boolean",
      description:
        "fail instead of falling back to the CPU when no GPU backend starts (also TUNIX_REQUIRE_GPU=1)",
    },
    "stop-at-step": {
      type: "string",
      valueName: "<n>",
      description:
        "stop training at step n (a sweep rung) and leave the run resumable; 0 = train in full; not part of the config or run id",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out, err }) {
    const sets = [...((opts.set as string[] | undefined) ?? [])];
    if (opts.device !== undefined) sets.push(`training.device=${String(opts.device)}`);
    if (opts["require-gpu"]) setBackendPolicy({ requireGpu: true });
    const stop = opts["stop-at-step"] === undefined ? 0 : Number(opts["stop-at-step"]);
    if (!(Number.isInteger(stop) && stop >= 0))
      throw new TunixError("E_USAGE", {
        field: "--stop-at-step",
        expected: "a whole number ≥ 0 (0 = train in full)",
        found: String(opts["stop-at-step"]),
      });
    const stopAtStep = stop > 0 ? stop : undefined;
    const r = await withInterrupt(err, "saving a checkpoint (again to stop at once)", (signal) =>
      runPipeline({
        root,
        configPath: args[0],
        sets,
        runId: opts["run-id"] as string | undefined,
        force: Boolean(opts.force),
        signal,
        stopAtStep,
        log: (line) => err(line),
        ...stageProgress(tty),
      }),
    );
    if (r.interrupted) {
      out(`run ${r.runId}: interrupted; resume with: ${r.resumeCommand}`);
      return 1;
    }
    if (r.stoppedAtStep !== undefined) {
      const stopped = { runId: r.runId, runDir: `runs/${r.runId}`, stoppedAtStep: r.stoppedAtStep };
      out(
        opts.json
          ? JSON.stringify(stopped)
          : `run ${r.runId}: stopped at step ${r.stoppedAtStep} (resumable)`,
      );
      return 0;
    }
    if (opts.json)
      out(
        JSON.stringify({
          runId: r.runId,
          runDir: `runs/${r.runId}`,
          skipped: r.skipped,
          summary: r.summary,
          evals: r.evals ?? [],
        }),
      );
    else {
      out(`run ${r.runId}: completed${r.skipped.length ? ` (skipped: ${r.skipped.join(", ")})` : ""}`);
      if (r.summary) printSummary(r.summary, out);
      for (const e of r.evals ?? []) {
        out(`eval ${e.name} (runs/${r.runId}/evals/${e.name}):`);
        printSummary(e.summary, out);
      }
    }
    return 0;
  },
};
