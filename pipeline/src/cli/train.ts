// `tunix-rt train <config.yaml> [--set key=value …] [--resume] [--run-id id] [--device d] [--require-gpu] [--json]`
// Trains a model as the config says, writing runs/<id>/{run.json,metrics.jsonl} and the weights to
// the artifact store. Ctrl-C saves a checkpoint and exits; `--resume --run-id <id>` continues it.
import { TunixError } from "../errors.ts";
import { setBackendPolicy } from "../model/backend.ts";
import { loadRunConfig } from "../run/config-load.ts";
import { resumeCommand } from "../run/resume-command.ts";
import { trainWithManifest } from "../run/train-stage.ts";
import { DEVICES } from "../schemas/config.ts";
import { type Command, JSON_OPTION, SET_OPTION } from "./command.ts";
import { createProgress } from "./progress.ts";
import { withInterrupt } from "./stage-progress.ts";

export const trainCommand: Command = {
  name: "train",
  summary: "train a model from a run config (SFT); writes runs/<id>/ and the artifact store",
  usage: "<config.yaml>",
  positionals: [1, 1],
  options: {
    ...SET_OPTION,
    resume: { type: "boolean", description: "continue the run from its latest checkpoint (needs --run-id)" },
    "run-id": {
      type: "string",
      valueName: "<id>",
      description: "run id (folder under runs/); default: <name>-<UTC time>",
    },
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
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out, err }) {
    const sets = [...((opts.set as string[] | undefined) ?? [])];
    if (opts.device !== undefined) sets.push(`training.device=${String(opts.device)}`);
    if (opts["require-gpu"]) setBackendPolicy({ requireGpu: true });
    const loaded = loadRunConfig(root, args[0], sets);
    if (opts.resume && !opts["run-id"]) {
      throw new TunixError("E_USAGE", {
        field: "--resume",
        message: "resuming needs the run's id",
        hint: "pass --run-id <id> (the folder name under runs/)",
      });
    }
    const runId = String(
      opts["run-id"] ??
        `${loaded.name}-${new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15).toLowerCase()}`,
    );
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(runId)) {
      throw new TunixError("E_USAGE", {
        field: "--run-id",
        expected: "lowercase letters, digits, '.', '_' or '-'",
        found: runId,
      });
    }
    const resume = resumeCommand("train", { configPath: loaded.configPath, sets, runId });
    let progress: ReturnType<typeof createProgress> | undefined;
    const { summary, manifest } = await withInterrupt(
      err,
      "saving a checkpoint (again to stop at once)",
      (signal) =>
        trainWithManifest({
          root,
          runId,
          loaded,
          resume: Boolean(opts.resume),
          resumeCommand: resume,
          signal,
          onProgress: (p) => {
            progress ??= createProgress(`train ${runId}`, p.totalSteps, {
              tty,
              write: (s) => process.stderr.write(s),
              plainEveryMs: tty ? 5000 : 0,
            });
            progress.update(p.step, `loss ${p.loss.toFixed(4)} ${Math.round(p.tokensPerS)} tok/s`);
          },
        }),
    );
    progress?.done(summary.interrupted ? "interrupted" : `loss ${summary.loss.toFixed(4)}`);
    if (opts.json) {
      out(
        JSON.stringify({
          runId,
          status: manifest.status,
          steps: summary.steps,
          totalSteps: summary.totalSteps,
          loss: summary.loss,
          evalLoss: summary.evalLoss ?? null,
          evalTokenAccuracy: summary.evalTokenAccuracy ?? null,
          tokens: summary.tokens,
          seconds: summary.seconds,
          parameters: summary.parameters,
          backend: summary.backend,
          modelDir: summary.modelDir ?? null,
          artifacts: summary.artifacts,
        }),
      );
    } else {
      out(
        `run ${runId}: ${summary.interrupted ? `interrupted at step ${summary.steps}/${summary.totalSteps} (continue: ${resume})` : `${summary.steps} steps`}`,
      );
      out(
        `  backend ${summary.backend.name} ${summary.backend.version}, ${summary.parameters} parameters, ${summary.seconds.toFixed(1)} s`,
      );
      out(
        `  loss ${summary.loss.toFixed(4)}${summary.evalLoss !== undefined ? `, eval loss ${summary.evalLoss.toFixed(4)}, eval token accuracy ${(summary.evalTokenAccuracy ?? 0).toFixed(3)}` : ""}`,
      );
      if (summary.modelDir) out(`  model: ${summary.artifacts[0]?.uri.replace(/\/[^/]+$/, "")}`);
      out(`  runs/${runId}/run.json, runs/${runId}/metrics.jsonl`);
    }
    return summary.interrupted ? 1 : 0;
  },
};
