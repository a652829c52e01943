// The live table of `sweep run`: one line per trial (id, searched values, status, rung, step of
// target, last train loss, last eval loss) under a header with the counts. Pure: the CLI redraws it
// in place on a terminal and prints only changed lines otherwise.
//
//   for (const line of progressTable(rows)) out(line);
//   rowLine(row)    // one trial, as printed on a change in a log
import type { ProgressRow } from "./runner.ts";

export function progressTable(rows: readonly ProgressRow[]): string[] {
  const keys = Object.keys(rows[0]?.params ?? {});
  const head = ["trial", ...keys, "status", "rung", "step", "loss", "eval loss"];
  const body = rows.map((r) => [
    r.id,
    ...keys.map((k) => JSON.stringify(r.params[k])),
    r.status,
    r.rung === undefined ? "" : String(r.rung),
    r.targetStep ? `${r.step}/${r.targetStep}` : String(r.step),
    r.loss === undefined ? "" : r.loss.toFixed(4),
    r.evalLoss === undefined ? "" : r.evalLoss.toFixed(4),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const counts = ["running", "queued", "done", "stopped", "failed", "skipped"]
    .map((s) => [s, rows.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  return [`sweep: ${rows.length} trials (${counts})`, line(head), ...body.map(line)];
}

/** One trial as a log line: `t003 training.lr=0.004 running step 10/30 loss 3.1234`. */
export function rowLine(r: ProgressRow): string {
  const params = Object.entries(r.params)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
  const step = r.targetStep ? `step ${r.step}/${r.targetStep}` : `step ${r.step}`;
  const rung = r.rung === undefined ? "" : ` rung ${r.rung}`;
  const loss = r.evalLoss === undefined ? "" : ` eval loss ${r.evalLoss.toFixed(4)}`;
  return `${r.id} ${params} ${r.status}${rung} ${step}${loss}`;
}
