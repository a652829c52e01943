// `tunix-rt model plan <config> [--json] [--backend …] [--set k=v]` — parameters, trainable
// parameters and the bytes of weights, gradients, optimizer state, activations and logits per
// backend, and whether the run fits this machine (and the 4 GiB WebAssembly heap).
import { TunixError } from "../errors.ts";
import { PLAN_BACKENDS, type PlanBackend } from "../model/plan.ts";
import { formatPlan, planConfigFile } from "../run/model-plan.ts";
import { type Command, JSON_OPTION, SET_OPTION } from "./command.ts";

export const modelPlanCommand: Command = {
  name: "model plan",
  summary:
    "memory plan of a run config per backend: weights, gradients, optimizer, activations, logits; does it fit",
  usage: "<config>",
  positionals: [1, 1],
  options: {
    backend: {
      type: "string",
      valueName: `<${PLAN_BACKENDS.join("|")}>`,
      description: "plan for one backend only (default: all)",
    },
    ...SET_OPTION,
    ...JSON_OPTION,
  },
  async run({ args, opts, root, out }) {
    const backend = opts.backend as string | undefined;
    if (backend !== undefined && !(PLAN_BACKENDS as readonly string[]).includes(backend)) {
      throw new TunixError("E_USAGE", {
        field: "--backend",
        expected: PLAN_BACKENDS.join(" | "),
        found: backend,
      });
    }
    const r = await planConfigFile(
      root,
      args[0],
      (opts.set as string[] | undefined) ?? [],
      backend ? [backend as PlanBackend] : undefined,
    );
    if (opts.json) out(JSON.stringify(r, null, 2));
    else for (const line of formatPlan(r)) out(line);
    return 0;
  },
};
