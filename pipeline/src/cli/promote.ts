// `tunix-rt promote <run> --name <model> --stage candidate|production [--baseline] [--metric j]
// [--tolerance x] [--json]` — record the run as the model's next version in configs/models.yaml and,
// with --baseline, make it the baseline <model> in configs/baselines.yaml (comments kept). Refuses a
// stale summary and judges that differ from the baseline's.
import { TunixError } from "../errors.ts";
import { promoteRun } from "../run/promote.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { runIdOf } from "./compare.ts";

export const promoteCommand: Command = {
  name: "promote",
  summary: "record a run as a model version (configs/models.yaml); --baseline makes it the regress baseline",
  usage: "<run>",
  positionals: [1, 1],
  options: {
    name: { type: "string", valueName: "<model>", description: "model name (required)" },
    stage: {
      type: "string",
      valueName: "<stage>",
      description: "candidate or production",
      default: "candidate",
    },
    baseline: { type: "boolean", description: "also make it the baseline <model> in configs/baselines.yaml" },
    metric: {
      type: "string",
      valueName: "<judge>",
      description: "a new baseline's metric (default answer-correctness@1)",
    },
    tolerance: {
      type: "string",
      valueName: "<x>",
      description: "a new baseline's allowed drop (default 0.02)",
    },
    ...JSON_OPTION,
  },
  run({ args, opts, root, out }) {
    const name = opts.name === undefined ? "" : String(opts.name);
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name))
      throw new TunixError("E_USAGE", {
        field: "--name",
        expected: "a model name (a-z, 0-9, . _ -)",
        found: JSON.stringify(opts.name ?? ""),
      });
    const stage = String(opts.stage);
    if (stage !== "candidate" && stage !== "production")
      throw new TunixError("E_USAGE", {
        field: "--stage",
        expected: "candidate or production",
        found: JSON.stringify(stage),
      });
    const tolerance = opts.tolerance === undefined ? undefined : Number(opts.tolerance);
    if (tolerance !== undefined && !(tolerance >= 0))
      throw new TunixError("E_USAGE", {
        field: "--tolerance",
        expected: "a number ≥ 0",
        found: String(opts.tolerance),
      });
    const r = promoteRun(root, runIdOf(args[0]), {
      name,
      stage,
      baseline: Boolean(opts.baseline),
      metric: opts.metric as string | undefined,
      tolerance,
    });
    if (opts.json) out(JSON.stringify(r));
    else {
      out(
        `${r.model} v${r.version} (${r.stage}): runs/${r.run}${r.archived.length ? `; archived v${r.archived.join(", v")}` : ""}`,
      );
      if (r.baseline)
        out(
          `baseline ${r.baseline.name}: runs/${r.run}${r.baseline.previousRun ? ` (was ${r.baseline.previousRun})` : ""}`,
        );
      out(`wrote ${r.files.join(", ")}`);
    }
    return 0;
  },
};
