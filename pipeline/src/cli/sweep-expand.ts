// `tunix-rt sweep expand <sweep> [--json | --matrix [--wave k] [--rung r]]` — the trials of a sweep:
// id, searched values and run id (a table), every trial's resolved config (`--json`), or the GitHub
// Actions matrix as one JSON line for `tunix-rt report outputs` (`--matrix`; the matrix itself is a
// JSON string for `fromJSON`, at most 256 jobs per wave; `--rung r` lists the trials promoted to a
// successive-halving rung from the run folders present).
import { TunixError } from "../errors.ts";
import { expandSweep } from "../sweep/expand.ts";
import { sweepMatrix } from "../sweep/matrix.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const sweepExpandCommand: Command = {
  name: "sweep expand",
  summary: "list a sweep's trials (deterministic ids, values, run ids); --matrix for GitHub Actions",
  usage: "<sweep>",
  positionals: [1, 1],
  options: {
    ...JSON_OPTION,
    matrix: { type: "boolean", description: "print the Actions matrix and its counts as one JSON line" },
    wave: { type: "string", valueName: "<k>", description: "with --matrix: which wave of 256 jobs (from 1)" },
    rung: {
      type: "string",
      valueName: "<r>",
      description: "with --matrix: the successive-halving rung (from 0)",
    },
  },
  run({ args, opts, root, out }) {
    const x = expandSweep(root, args[0]);
    if (opts.matrix) {
      const wave = opts.wave === undefined ? 1 : Number(opts.wave);
      const rung = opts.rung === undefined ? 0 : Number(opts.rung);
      out(JSON.stringify(sweepMatrix(root, x, { wave, rung })));
      return 0;
    }
    if (opts.wave !== undefined || opts.rung !== undefined)
      throw new TunixError("E_USAGE", { field: "--wave/--rung", message: "only with --matrix" });
    if (opts.json) {
      out(
        JSON.stringify({
          sweep: x.sweep.name,
          file: x.file,
          base: x.base,
          rungSteps: x.rungSteps,
          totalSteps: x.totalSteps,
          trials: x.trials.map((t) => ({
            id: t.id,
            run: t.runId,
            params: t.params,
            sets: t.sets,
            config: t.config,
          })),
          duplicates: x.duplicates,
        }),
      );
      return 0;
    }
    out(
      `${x.file}: ${x.trials.length} trials of ${x.base}${x.rungSteps ? ` (rungs at steps ${x.rungSteps.join(", ")})` : ""}`,
    );
    for (const t of x.trials) {
      const values = Object.entries(t.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      out(`${t.id}  ${values.join("  ")}  runs/${t.runId}`);
    }
    for (const d of x.duplicates) out(`${d.id}: dropped, the same values as ${d.sameAs}`);
    return 0;
  },
};
