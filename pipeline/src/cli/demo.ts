// `tunix-rt demo` — the whole product on one machine: build the demo dataset, train the tiny default
// model on the CPU, infer, judge, summarize, build the site, and say where to open it.
import { runDemo } from "../run/demo.ts";
import { type Command, JSON_OPTION, SET_OPTION } from "./command.ts";
import { stageProgress, withInterrupt } from "./stage-progress.ts";
import { printSummary } from "./summary-print.ts";

export const demoCommand: Command = {
  name: "demo",
  summary: "build the demo dataset, train the default tiny model on the CPU, infer, judge, build the site",
  positionals: [0, 0],
  options: {
    config: {
      type: "string",
      path: "in",
      default: "configs/runs/demo.yaml",
      valueName: "<file>",
      description: "run config to use",
    },
    ...SET_OPTION,
    "no-site": { type: "boolean", description: "skip the site build" },
    ...JSON_OPTION,
  },
  async run({ opts, root, tty, out, err }) {
    const r = await withInterrupt(err, "saving a checkpoint (again to stop at once)", (signal) =>
      runDemo({
        root,
        configPath: String(opts.config),
        sets: (opts.set as string[] | undefined) ?? [],
        site: !opts["no-site"],
        signal,
        log: (line) => err(line),
        ...stageProgress(tty, 15_000),
      }),
    );
    if (r.interrupted) {
      out(`demo run ${r.runId}: interrupted; resume with: ${r.resumeCommand}`);
      return 1;
    }
    if (opts.json) {
      out(JSON.stringify(r));
      return 0;
    }
    out(`demo run ${r.runId} completed in ${r.seconds.toFixed(0)} s`);
    if (r.summary) printSummary(r.summary, out);
    if (r.siteDir)
      out(
        `site: ${r.siteDir}/index.html — serve it with \`npm run site:dev\` (or any static server) and open the leaderboard`,
      );
    return 0;
  },
};
