// `tunix-rt compare <run-a> <run-b> [...] [--judge name@v] [--json]` — per-item flips, exact McNemar
// p and score deltas with Newcombe intervals between runs: the numbers of the site's compare page
// (both call report/compare.ts).
import { TunixError } from "../errors.ts";
import { type Comparison, compareRuns } from "../report/compare.ts";
import { toRunView } from "../report/run-view.ts";
import { readRunFolder } from "../report/runs-reader.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const compareCommand: Command = {
  name: "compare",
  summary: "compare 2…N runs item by item: flips, McNemar test, score deltas with CIs, config diff",
  usage: "<run-a> <run-b> [run …]",
  positionals: [2, 64],
  options: {
    judge: {
      type: "string",
      valueName: "<name@v>",
      description: "judge whose verdicts are compared",
      default: "answer-correctness@1",
    },
    ...JSON_OPTION,
  },
  run({ args, opts, root, out }) {
    const views = args.map((a) => toRunView(readRunFolder(root, runIdOf(a))));
    const judge = String(opts.judge);
    for (const v of views) {
      if (!v.judges.includes(judge)) {
        throw new TunixError("E_STATE", {
          file: `runs/${v.id}/verdicts.jsonl`,
          message: `no verdicts of ${judge}`,
          expected: judge,
          found: v.judges.join(", ") || "no verdicts",
          hint: "pick a judge the runs have with --judge, or judge the run first",
        });
      }
    }
    const c = compareRuns(views, judge);
    if (opts.json) out(JSON.stringify(c));
    else for (const line of formatComparison(c)) out(line);
    return 0;
  },
};

/** `runs/<id>`, `runs/<id>/`, `./runs/<id>` or a bare `<id>` → `<id>`. */
export function runIdOf(arg: string): string {
  const parts = arg
    .replace(/\\/g, "/")
    .split("/")
    .filter((p) => p && p !== ".");
  const id = parts.at(-1) ?? "";
  if (!id || (parts.length > 1 && parts.at(-2) !== "runs")) {
    throw new TunixError("E_USAGE", {
      message: `not a run: ${arg}`,
      expected: "runs/<id> or <id>",
      found: arg,
    });
  }
  return id;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pp = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}pp`;

export function formatComparison(c: Comparison): string[] {
  const lines = [`judge ${c.judge}`, "", "scores:"];
  const w = Math.max(...c.runs.map((r) => r.length));
  for (const s of c.scores)
    lines.push(
      `  ${s.run.padEnd(w)}  ${pct(s.score).padStart(6)}  [${pct(s.ci95[0])}, ${pct(s.ci95[1])}]  ${s.correct}/${s.n}`,
    );
  lines.push("", "pairs (A → B): fixed = wrong in A, right in B; broken = right in A, wrong in B");
  for (const p of c.pairs) {
    lines.push(
      `  ${p.a} → ${p.b}: common ${p.common}, fixed ${p.fixed}, broken ${p.broken}, both right ${p.bothRight}, both wrong ${p.bothWrong}`,
    );
    lines.push(
      `    McNemar exact p = ${p.mcnemarP < 1e-4 ? p.mcnemarP.toExponential(1) : p.mcnemarP.toFixed(4)}; Δ = ${pp(p.delta)} [${pp(p.deltaCi95[0])}, ${pp(p.deltaCi95[1])}] (Newcombe paired 95%)`,
    );
    if (p.onlyA + p.onlyB > 0)
      lines.push(`    unmatched items: ${p.onlyA} only in ${p.a}, ${p.onlyB} only in ${p.b}`);
  }
  lines.push("", c.configDiff.length ? "config changes:" : "config: identical");
  for (const d of c.configDiff) lines.push(`  ${d.key}: ${d.values.map((v) => v || "—").join(" | ")}`);
  return lines;
}
