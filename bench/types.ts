// The contract between the bench runner (run.ts) and one benchmark (data.ts, site.ts, judge.ts,
// train.ts): a benchmark is `{ summary, run(opts) → { rows, json } }`. Types only, so a benchmark
// and the runner that loads it never import each other.
//
//   export const bench: Bench = { summary: "…", async run({ args, log }) { return { rows, json }; } };

export interface BenchOptions {
  /** Arguments after the benchmark name, `--json` removed. */
  args: string[];
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

export interface BenchResult {
  /** One row per measured thing, printed as a table. */
  rows: Record<string, string | number>[];
  /** The machine-readable result (figures, targets, pass/fail). */
  json: Record<string, unknown>;
}

export interface Bench {
  summary: string;
  run(opts: BenchOptions): Promise<BenchResult>;
}
