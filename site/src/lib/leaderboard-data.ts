// The leaderboard as the browser receives it (`leaderboard.json`): rows from the pipeline's
// `leaderboardRows`, packed as arrays with string tables so thousands of rows stay small, and the
// unpacking used by the page script. Browser-safe.
import type { LeaderboardRow } from "../../../pipeline/src/report/leaderboard.ts";

export interface PackedLeaderboard {
  datasets: string[];
  judges: string[];
  families: string[];
  tags: string[];
  /** [run, name, dataset#, split, judge#, family#, tag#[], score, lo, hi, n, correct, commit, dirty, date, description, eval] */
  rows: [
    string,
    string,
    number,
    string,
    number,
    number,
    number[],
    number,
    number,
    number,
    number,
    number,
    string,
    boolean,
    string,
    string,
    string,
  ][];
}

export function packRows(rows: readonly LeaderboardRow[]): PackedLeaderboard {
  const table = (xs: string[]) => [...new Set(xs)].sort();
  const datasets = table(rows.map((r) => r.dataset));
  const judges = table(rows.map((r) => r.judge));
  const families = table(rows.map((r) => r.family));
  const tags = table(rows.flatMap((r) => r.tags));
  return {
    datasets,
    judges,
    families,
    tags,
    rows: rows.map((r) => [
      r.run,
      r.name,
      datasets.indexOf(r.dataset),
      r.split,
      judges.indexOf(r.judge),
      families.indexOf(r.family),
      r.tags.map((t) => tags.indexOf(t)),
      r.score,
      r.ci95[0],
      r.ci95[1],
      r.n,
      r.correct,
      r.commit ?? "",
      r.dirty ?? false,
      r.date,
      r.description ?? "",
      r.eval ?? "",
    ]),
  };
}

export function unpackRows(p: PackedLeaderboard): LeaderboardRow[] {
  return p.rows.map((x) => {
    const dataset = p.datasets[x[2]];
    const judge = p.judges[x[4]];
    return {
      key: `${x[0]}|${dataset}|${judge}${x[16] ? `|${x[16]}` : ""}`,
      run: x[0],
      name: x[1],
      dataset,
      split: x[3],
      judge,
      family: p.families[x[5]],
      tags: x[6].map((i) => p.tags[i]),
      score: x[7],
      ci95: [x[8], x[9]],
      n: x[10],
      correct: x[11],
      commit: x[12] || undefined,
      dirty: x[13],
      date: x[14],
      judgedAt: "",
      description: x[15] || undefined,
      ...(x[16] ? { eval: x[16] } : {}),
    };
  });
}

export function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
