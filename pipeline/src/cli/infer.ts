// `tunix-rt infer <run-dir> [--model <folder>] [--device <d>] [--require-gpu]` — (re)generate predictions for a run's eval split.
import path from "node:path";
import { TunixError } from "../errors.ts";
import { type Device, setBackendPolicy } from "../model/backend.ts";
import { inferRun } from "../run/infer-stage.ts";
import { runStage } from "../run/manifest.ts";
import { DEVICES } from "../schemas/config.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { createProgress, type Progress } from "./progress.ts";

export const inferCommand: Command = {
  name: "infer",
  summary: "generate predictions for a run's eval split (KV-cache decoding) into runs/<id>/predictions.jsonl",
  usage: "<run-dir>",
  positionals: [1, 1],
  options: {
    model: {
      type: "string",
      valueName: "<folder>",
      description: "a model folder to use instead of the run's exported model",
    },
    device: {
      type: "string",
      valueName: `<${DEVICES.join("|")}>`,
      description: "tensor backend (default: the run's training.device)",
    },
    "require-gpu": {
      type: "boolean",
      description:
        "fail instead of falling back to the CPU when no GPU backend starts (also TUNIX_REQUIRE_GPU=1)",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out }) {
    let progress: Progress | undefined;
    const runDir = path.resolve(root, args[0]);
    const device = opts.device as Device | undefined;
    if (device !== undefined && !(DEVICES as readonly string[]).includes(device))
      throw new TunixError("E_USAGE", { field: "--device", expected: DEVICES.join(" | "), found: device });
    if (opts["require-gpu"]) setBackendPolicy({ requireGpu: true });
    const rows = await runStage(runDir, "infer", () =>
      inferRun({
        root,
        runDir,
        modelDir: opts.model as string | undefined,
        device,
        onProgress: (done, total) => {
          progress ??= createProgress("infer", total, { tty });
          progress.update(done);
        },
      }),
    );
    progress?.done();
    const truncated = rows.filter((r) => r.finishReason === "length").length;
    if (opts.json) out(JSON.stringify({ items: rows.length, truncated }));
    else
      out(
        `${rows.length} predictions (${truncated} truncated) → ${args[0].replace(/\/$/, "")}/predictions.jsonl`,
      );
    return 0;
  },
};
