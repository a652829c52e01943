// A run comparison (compare.ts) as text for the terminal and as Markdown for PR comments and job
// summaries (`tunix-rt compare --md`). Paired numbers are printed with their n (the common items);
// a pair without common items prints "n/a" for p, Δ and its interval, never p = 1 and Δ = 0.
// Pairs of sampled runs add pass@1 / pass@k / maj@k deltas with their paired bootstrap intervals.
//
//   for (const line of formatComparison(c)) console.log(line);
//   const md = formatComparisonMarkdown(c).join("\n");
import type { Comparison, PairComparison } from "./compare.ts";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pp = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}pp`;

/** McNemar p as text: 4 decimals, or 1 significant digit below 1e-4; "n/a" without common items. */
export function formatP(p: number | null): string {
  if (p === null) return "n/a";
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

/** Plain text for the terminal. */
export function formatComparison(c: Comparison): string[] {
  const lines = [`judge ${c.judge}`, "", "scores (each run over all the items it judged):"];
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
    if (p.delta === null || p.deltaCi95 === null) {
      lines.push(
        "    no item judged by both runs: McNemar p n/a; Δ n/a (a paired comparison needs common items)",
      );
    } else {
      lines.push(
        `    on the ${p.common} common items: ${pct(p.scoreA!)} → ${pct(p.scoreB!)}; McNemar exact p = ${formatP(p.mcnemarP)}; Δ = ${pp(p.delta)} [${pp(p.deltaCi95[0])}, ${pp(p.deltaCi95[1])}] (Newcombe paired 95%)`,
      );
    }
    if (p.sampled) lines.push(`    ${sampledText(p.sampled)}`);
    if (p.onlyA + p.onlyB > 0)
      lines.push(
        `    unmatched items (not in the paired numbers): ${p.onlyA} only in ${p.a}, ${p.onlyB} only in ${p.b}`,
      );
  }
  lines.push("", c.configDiff.length ? "config changes:" : "config: identical");
  for (const d of c.configDiff) lines.push(`  ${d.key}: ${d.values.map((v) => v || "—").join(" | ")}`);
  return lines;
}

/** Markdown: a scores table, a pairs table with n per pair, unmatched-item notes and the config diff. */
export function formatComparisonMarkdown(c: Comparison): string[] {
  const lines = [`### Comparison under \`${c.judge}\``, ""];
  lines.push("| run | score | 95% CI (Wilson) | correct / n |", "|---|---|---|---|");
  for (const s of c.scores)
    lines.push(
      `| \`${s.run}\` | ${pct(s.score)} | ${pct(s.ci95[0])} – ${pct(s.ci95[1])} | ${s.correct} / ${s.n} |`,
    );
  lines.push(
    "",
    "| A → B | n (common) | A on common | B on common | fixed | broken | McNemar p | Δ (B − A) | paired 95% CI |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  for (const p of c.pairs) lines.push(pairRow(p));
  for (const p of c.pairs)
    if (p.sampled) lines.push("", `\`${p.a}\` → \`${p.b}\`: ${sampledText(p.sampled)}`);
  const unmatched = c.pairs.filter((p) => p.onlyA + p.onlyB > 0);
  if (unmatched.length) {
    lines.push("");
    for (const p of unmatched)
      lines.push(
        `- ⚠ \`${p.a}\` → \`${p.b}\`: the item sets differ (${p.onlyA} only in A, ${p.onlyB} only in B); the pair's numbers are over the ${p.common} common items.`,
      );
  }
  lines.push("", c.configDiff.length ? "**Config changes**" : "Config: identical");
  if (c.configDiff.length) {
    lines.push(
      "",
      `| key | ${c.runs.map((r) => `\`${r}\``).join(" | ")} |`,
      `|---|${c.runs.map(() => "---").join("|")}|`,
    );
    for (const d of c.configDiff)
      lines.push(`| \`${d.key}\` | ${d.values.map((v) => (v ? `\`${escapeCell(v)}\`` : "—")).join(" | ")} |`);
  }
  return lines;
}

/** The sampled scores of a pair: each metric A → B with Δ, its paired bootstrap interval and p. */
function sampledText(s: NonNullable<PairComparison["sampled"]>): string {
  const one = (label: string, d: typeof s.passAt1) =>
    `${label} ${pct(d.a)} → ${pct(d.b)}, Δ = ${pp(d.delta)} [${pp(d.ci95[0])}, ${pp(d.ci95[1])}], p = ${formatP(d.p)}`;
  return `over ${s.k} samples on ${s.common} items (paired bootstrap 95%): ${[
    one("pass@1", s.passAt1),
    one(`pass@${s.k}`, s.passAtK),
    one(`maj@${s.k}`, s.majAtK),
  ].join("; ")}`;
}

function pairRow(p: PairComparison): string {
  const head = `| \`${p.a}\` → \`${p.b}\` | ${p.common} |`;
  if (p.delta === null || p.deltaCi95 === null)
    return `${head} n/a | n/a | ${p.fixed} | ${p.broken} | n/a | n/a | n/a |`;
  return `${head} ${pct(p.scoreA!)} | ${pct(p.scoreB!)} | ${p.fixed} | ${p.broken} | ${formatP(p.mcnemarP)} | ${pp(p.delta)} | ${pp(p.deltaCi95[0])} … ${pp(p.deltaCi95[1])} |`;
}

/** Config values are JSON text: keep a `|` from splitting the table cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/`/g, "'");
}
