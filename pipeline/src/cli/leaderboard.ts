// `tunix-rt leaderboard [--judge name@v|all] [--dataset name] [--sort col] [--limit n] [--json]` — the
// site's leaderboard rows (report/leaderboard.ts): one per run × eval dataset × judge, latest
// judging wins, with the score's 95% Wilson interval and the commit of the run. Ranks by
// answer-correctness@1 unless told otherwise (`--judge all` lists every judge); a judge that
// reports coverage (step-arithmetic@2) shows it beside the score, and a score over no item reads n/a.
// Extra evals (runs/<id>/evals/<name>/) give rows too; rows are ranked inside each eval dataset, never
// across datasets (the dataset groups come one after the other).
import { TunixError } from "../errors.ts";
import {
  evalJudgingsOf,
  judgingOf,
  leaderboardRows,
  SORT_KEYS,
  type SortKey,
  sortRowsGrouped,
} from "../report/leaderboard.ts";
import { markPromoted, promotionsOf, readModelRegistry } from "../report/promotions.ts";
import { readRunFolders } from "../report/runs-reader.ts";
import { type Command, JSON_OPTION } from "./command.ts";

const DEFAULT_JUDGE = "answer-correctness@1";

export const leaderboardCommand: Command = {
  name: "leaderboard",
  summary: "print the leaderboard: one row per run × eval dataset × judge, with 95% CIs",
  positionals: [0, 0],
  options: {
    judge: {
      type: "string",
      valueName: "<name@v|all>",
      description: "rank by this judge; `all`: every judge",
      default: DEFAULT_JUDGE,
    },
    dataset: { type: "string", valueName: "<name>", description: "only this eval dataset" },
    sort: {
      type: "string",
      valueName: "<column>",
      description: `sort column: ${SORT_KEYS.join(", ")}`,
      default: "score",
    },
    limit: { type: "string", valueName: "<n>", description: "print at most n rows" },
    ...JSON_OPTION,
  },
  run({ opts, root, out }) {
    const sort = String(opts.sort);
    if (!(SORT_KEYS as readonly string[]).includes(sort)) {
      throw new TunixError("E_USAGE", {
        field: "--sort",
        expected: `one of ${SORT_KEYS.join(", ")}`,
        found: JSON.stringify(sort),
      });
    }
    const limit = opts.limit === undefined ? Number.POSITIVE_INFINITY : Number(opts.limit);
    if (!(limit >= 0))
      throw new TunixError("E_USAGE", {
        field: "--limit",
        expected: "a number ≥ 0",
        found: JSON.stringify(opts.limit),
      });
    const runs = readRunFolders(root, { items: false });
    const all = markPromoted(
      leaderboardRows(runs.flatMap((r) => [judgingOf(r), ...evalJudgingsOf(r)])),
      promotionsOf(readModelRegistry(root)),
    );
    const judge = String(opts.judge ?? DEFAULT_JUDGE);
    const kept = all.filter(
      (r) => (judge === "all" || r.judge === judge) && (!opts.dataset || r.dataset === opts.dataset),
    );
    const desc = sort === "score" || sort === "n" || sort === "date";
    const rows = sortRowsGrouped(kept, sort as SortKey, desc ? "desc" : "asc").slice(0, limit);
    if (opts.json) {
      out(JSON.stringify({ rows }));
      return 0;
    }
    if (rows.length === 0) {
      out(
        `no judged runs match${judge === "all" ? "" : ` for ${judge} (--judge all lists every judge)`} (runs/<id>/eval_summary.json is written by \`tunix-rt run\`)`,
      );
      return 0;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const table = rows.map((r) => [
      r.promoted ? `${r.run} ★ ${r.promoted.join(", ")}` : r.run,
      `${r.dataset}/${r.split}${r.eval ? ` (eval ${r.eval})` : ""}`,
      r.judge,
      r.family,
      r.n > 0 ? pct(r.score) : "n/a",
      r.n > 0 ? `[${(100 * r.ci95[0]).toFixed(1)}, ${(100 * r.ci95[1]).toFixed(1)}]` : "",
      String(r.n),
      r.coverage === undefined ? "" : pct(r.coverage),
      r.commit ? r.commit.slice(0, 8) : "-",
      r.date.slice(0, 10),
    ]);
    const head = ["run", "dataset", "judge", "model", "score", "95% CI", "n", "coverage", "commit", "date"];
    if (rows.every((r) => r.coverage === undefined)) {
      head.splice(7, 1);
      for (const row of table) row.splice(7, 1);
    }
    const numeric = new Set(["score", "95% CI", "n", "coverage"]);
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (numeric.has(head[i]) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join("  ")
        .trimEnd();
    out(line(head));
    for (const row of table) out(line(row));
    return 0;
  },
};
