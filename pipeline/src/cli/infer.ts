// `tunix-rt infer <run-dir> [--model <folder>]` — (re)generate predictions for a run's eval split.
import { inferRun } from "../infer/predictions.ts";
import { runStage } from "../run/manifest.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { createProgress, type Progress } from "./progress.ts";

export const inferCommand: Command = {
  name: "infer",
  summary: "generate predictions for a run's eval split (KV-cache decoding) into runs/<id>/predictions.jsonl",
  usage: "<run-dir>",
  positionals: [1, 1],
  options: {
    model: { type: "string", valueName: "<folder>", description: "a model folder to use instead of the run's exported model" },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out }) {
    let progress: Progress | undefined;
    const rows = await runStage(args[0], "infer", () =>
      inferRun({
        root,
        runDir: args[0],
        modelDir: opts.model as string | undefined,
        onProgress: (done, total) => {
          progress ??= createProgress("infer", total, { tty });
          progress.update(done);
        },
      }),
    );
    progress?.done();
    const truncated = rows.filter((r) => r.finishReason === "length").length;
    if (opts.json) out(JSON.stringify({ items: rows.length, truncated }));
    else out(`${rows.length} predictions (${truncated} truncated) → ${args[0].replace(/\/$/, "")}/predictions.jsonl`);
    return 0;
  },
};
