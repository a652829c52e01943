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
    const sampled = j.sampled;
    if (sampled) {
      const one = (label: string, x: { score: number; ci95: [number, number] }) =>
        `${label} ${pct(x.score)} (${pct(x.ci95[0])}–${pct(x.ci95[1])})`;
      const parts = [one("pass@1", sampled.passAt1), one(`pass@${sampled.k}`, sampled.passAtK)];
      if (sampled.majAtK) parts.push(one(`maj@${sampled.k}`, sampled.majAtK));
      out(`  ${"".padEnd(22)} ${parts.join(", ")}`);
    }
  }
  if (s.truncatedPrompts)
    out(`  ${s.truncatedPrompts} prompts cut from the start to fit the model's context`);
  const main = s.judges["answer-correctness@1"];
  if (main) {
    const bySteps = Object.entries(main.bySteps).map(
      ([k, c]) => `${k} step${k === "1" ? "" : "s"}: ${pct(c.score)} (n=${c.n})`,
    );
    out(`  answer-correctness by gold steps: ${bySteps.join(", ")}`);
  }
}
