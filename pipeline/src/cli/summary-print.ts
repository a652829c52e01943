// Prints an eval summary as a few readable lines (shared by `run`, `judge` and `demo`).
import type { EvalSummary } from "../schemas/summary.ts";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function printSummary(s: EvalSummary, out: (line: string) => void): void {
  out(
    `  ${s.dataset}/${s.split}: ${s.n} items, truncated ${pct(s.truncationRate)}, mean output ${s.meanOutputTokens.toFixed(1)} tokens`,
  );
  for (const [judge, j] of Object.entries(s.judges)) {
    const [lo, hi] = j.ci95.wilson;
    out(
      `  ${judge.padEnd(22)} ${pct(j.score).padStart(6)}  (${j.correct}/${j.n}, 95% CI ${pct(lo)}–${pct(hi)})`,
    );
  }
  const main = s.judges["answer-correctness@1"];
  if (main) {
    const bySteps = Object.entries(main.bySteps).map(
      ([k, c]) => `${k} step${k === "1" ? "" : "s"}: ${pct(c.score)} (n=${c.n})`,
    );
    out(`  answer-correctness by gold steps: ${bySteps.join(", ")}`);
  }
}
