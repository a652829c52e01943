// The sweep result as Markdown (the job summary of sweep.yml, and what `sweep collect` prints): the
// best trial, a table of every trial, the failed trials with their errors, and what successive
// halving saved. Pure.
//
//   for (const line of formatSweepReport(result)) out(line);
import type { SweepResult } from "../schemas/sweep.ts";
import { formatMetric } from "./result-view.ts";

export function formatSweepReport(r: SweepResult): string[] {
  const isLoss = r.metric === "eval-loss";
  const fmt = (x: number | null) => formatMetric(r.metric, x);
  const lines = [`### Sweep \`${r.sweep}\` (${r.trials.length} trials, ${r.metric}, ${r.mode})`, ""];
  lines.push(
    r.best
      ? `Best trial: **${r.best.trial}** (\`runs/${r.best.run}\`) with ${r.metric} ${fmt(r.best.score)}.`
      : "No trial has a score yet.",
    "",
  );
  const counts = ["completed", "stopped", "failed", "missing"]
    .map((s) => [s, r.trials.filter((t) => t.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  lines.push(`Trials: ${counts.join(", ")}.`);
  if (r.scheduler) {
    const pct = r.steps.full ? ((100 * r.steps.saved) / r.steps.full).toFixed(1) : "0";
    lines.push(
      `Successive halving (${r.scheduler.rungs} rungs at steps ${r.scheduler.rungSteps.join(", ")}, eta ${r.scheduler.eta}): ` +
        `${r.steps.trained} steps trained instead of ${r.steps.full} — ${r.steps.saved} saved (${pct}%).`,
    );
  }
  lines.push("");
  const keys = Object.keys(r.trials[0]?.params ?? {});
  // With metric eval-loss the metric column is the eval loss: no second column for it.
  const head = [
    "rank",
    "trial",
    ...keys.map((k) => `\`${k}\``),
    "status",
    "steps",
    ...(isLoss ? [] : ["eval loss"]),
    r.metric,
  ];
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  lines.push(row(head), row(head.map(() => "---")));
  const order = [...r.trials].sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : 1),
  );
  for (const t of order) {
    const loss = t.evalLoss === null ? "—" : t.evalLoss.toFixed(4);
    lines.push(
      row([
        String(t.rank ?? ""),
        t.id,
        ...keys.map((k) => `\`${JSON.stringify(t.params[k])}\``),
        t.status,
        String(t.steps),
        ...(isLoss ? [] : [loss]),
        t.status === "stopped" && isLoss ? `(${loss} at step ${t.steps})` : fmt(t.score),
      ]),
    );
  }
  const failed = r.trials.filter((t) => t.error);
  if (failed.length > 0) {
    lines.push("", "Failed trials:", "");
    for (const t of failed)
      lines.push(`- ${t.id} (\`runs/${t.run}\`), ${t.error!.stage}: ${oneLine(t.error!.message)}`);
  }
  return lines;
}

function oneLine(s: string): string {
  const line = s.split("\n").find((l) => l.trim()) ?? s;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
