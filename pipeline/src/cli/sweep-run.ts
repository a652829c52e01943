// `tunix-rt sweep run <sweep> [--parallel N] [--json]` — run a sweep's trials on this machine, each as
// `tunix-rt run <base> --set …` in a child process (what a workflow trial runs), N at once, with a
// live table; finished trials are skipped; Ctrl-C stops every trial at a checkpoint (run it again to
// resume). Writes runs/sweeps/<name>.json at the end and prints the report.
import { TunixError } from "../errors.ts";
import { progressTable, rowLine } from "../sweep/progress-table.ts";
import { formatSweepReport } from "../sweep/report.ts";
import { type ProgressRow, runSweep } from "../sweep/runner.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { withInterrupt } from "./stage-progress.ts";

export const sweepRunCommand: Command = {
  name: "sweep run",
  summary: "run a sweep's trials locally, N in parallel, resumable; writes runs/sweeps/<name>.json",
  usage: "<sweep>",
  positionals: [1, 1],
  options: {
    parallel: {
      type: "string",
      valueName: "<n>",
      description: "trials at once (default: the sweep's maxParallel)",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out, err }) {
    const parallel = opts.parallel === undefined ? undefined : Number(opts.parallel);
    if (parallel !== undefined && !(Number.isInteger(parallel) && parallel >= 1))
      throw new TunixError("E_USAGE", {
        field: "--parallel",
        expected: "a whole number ≥ 1",
        found: String(opts.parallel),
      });
    const draw = tableDrawer(tty, err);
    const r = await withInterrupt(
      err,
      "stopping every trial at a checkpoint; run the same command again to resume",
      (signal) => runSweep({ root, ref: args[0], parallel: parallel ?? 0, signal, onUpdate: draw }),
    );
    if (opts.json)
      out(
        JSON.stringify({
          file: r.file,
          interrupted: r.interrupted,
          best: r.result.best,
          steps: r.result.steps,
          started: r.started,
          skipped: r.skipped,
          failed: r.failed,
        }),
      );
    else for (const line of formatSweepReport(r.result)) out(line);
    if (r.interrupted) {
      err(`sweep ${r.result.sweep}: interrupted; run \`tunix-rt sweep run ${args[0]}\` again to resume`);
      return 1;
    }
    return r.failed.length > 0 ? 1 : 0;
  },
};

/** A terminal redraws the table in place; a log gets one line per trial whenever its status changes. */
function tableDrawer(tty: boolean, write: (line: string) => void) {
  let drawn = 0;
  const last = new Map<string, string>();
  return (rows: ProgressRow[]) => {
    if (tty) {
      const lines = progressTable(rows);
      process.stderr.write(`${drawn ? `\x1b[${drawn}F` : ""}${lines.map((l) => `\x1b[2K${l}`).join("\n")}\n`);
      drawn = lines.length;
      return;
    }
    for (const row of rows) {
      if (last.get(row.id) === row.status) continue;
      last.set(row.id, row.status);
      if (row.status !== "queued") write(rowLine(row));
    }
  };
}
