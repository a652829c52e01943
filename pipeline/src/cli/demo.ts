// `tunix-rt demo` — the whole product on one machine: build the demo dataset, train the tiny default
// model on the CPU, infer, judge, summarize, build the site, and say where to open it.
import { runDemo } from "../run/demo.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { createProgress, type Progress } from "./progress.ts";
import { printSummary } from "./summary-print.ts";

export const demoCommand: Command = {
  name: "demo",
  summary: "build the demo dataset, train the default tiny model on the CPU, infer, judge, build the site",
  positionals: [0, 0],
  options: {
    config: {
      type: "string",
      default: "configs/runs/demo.yaml",
      valueName: "<file>",
      description: "run config to use",
    },
    set: {
      type: "string",
      multiple: true,
      valueName: "<key=value>",
      description: "override a config key; repeatable",
    },
    "no-site": { type: "boolean", description: "skip the site build" },
    ...JSON_OPTION,
  },
  async run({ opts, root, tty, out, err }) {
    let train: Progress | undefined;
    let infer: Progress | undefined;
    const r = await runDemo({
      root,
      configPath: String(opts.config),
      sets: (opts.set as string[] | undefined) ?? [],
      site: !opts["no-site"],
      log: (line) => err(line),
      onTrainProgress: (p) => {
        train ??= createProgress("train", p.totalSteps, { tty, plainEveryMs: 15_000 });
        train.update(p.step, `loss ${p.loss.toFixed(4)} ${Math.round(p.tokensPerS)} tok/s`);
        if (p.step === p.totalSteps) train.done(`loss ${p.loss.toFixed(4)}`);
      },
      onInferProgress: (done, total) => {
        infer ??= createProgress("infer", total, { tty });
        infer.update(done);
        if (done === total) infer.done();
      },
    });
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
