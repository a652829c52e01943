// `tunix-rt report permission [--actor login] [--min write] [--json]` — exit 1 unless the actor
// (default: GITHUB_TRIGGERING_ACTOR, else GITHUB_ACTOR) has at least the given role on the
// repository. The pipeline workflow runs it before any GPU work.
import { TunixError } from "../errors.ts";
import { githubContext, requireEnv } from "../github/actions-env.ts";
import { checkActorRole, ROLES, type Role } from "../github/report.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const reportPermissionCommand: Command = {
  name: "report permission",
  summary: "fail unless the actor has at least the given role on the repository",
  positionals: [0, 0],
  options: {
    actor: {
      type: "string",
      valueName: "<login>",
      description: "user (default: GITHUB_TRIGGERING_ACTOR, else GITHUB_ACTOR)",
    },
    min: {
      type: "string",
      default: "write",
      valueName: "<role>",
      description: `least role: ${ROLES.join(", ")}`,
    },
    ...JSON_OPTION,
  },
  async run({ opts, out }) {
    const env = process.env;
    const min = String(opts.min);
    if (!(ROLES as readonly string[]).includes(min)) {
      throw new TunixError("E_USAGE", {
        field: "--min",
        expected: ROLES.join(", "),
        found: JSON.stringify(min),
      });
    }
    const actor =
      (opts.actor as string | undefined) ||
      env.GITHUB_TRIGGERING_ACTOR ||
      requireEnv(env, "GITHUB_ACTOR", "pass --actor <login>");
    const { role, allowed } = await checkActorRole(githubContext(env), actor, min as Role);
    if (opts.json) out(JSON.stringify({ actor, role, min, allowed }));
    if (!allowed) {
      throw new TunixError("E_STATE", {
        message: `${actor} has the role "${role}" on this repository; this job needs "${min}" or more`,
        hint: "ask a maintainer to start the workflow",
      });
    }
    if (!opts.json) out(`${actor}: ${role} (needs ${min}): allowed`);
    return 0;
  },
};
