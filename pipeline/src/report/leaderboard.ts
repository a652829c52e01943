// Leaderboard rows: one per run × eval dataset × judge, with the score, its 95% Wilson interval,
// the commit the run came from and its dates. When the same (run, dataset, judge) was judged more
// than once, the latest judging wins, so there are never duplicate rows. A run's extra evals
// (runs/<id>/evals/<name>/) give rows of their own, marked with the eval's name. Scores on different
// eval datasets are never ranked together: `sortRowsGrouped` orders the groups (dataset/split) and
// sorts inside each one. Pure: no I/O.
//
//   const rows = leaderboardRows(runs.flatMap((r) => [judgingOf(r), ...evalJudgingsOf(r)]));
//   sortRowsGrouped(rows, "score", "desc")   // demo/eval rows, then gsm8k/test rows, …
import type { EvalManifest } from "../schemas/eval.ts";
import type { RunManifest } from "../schemas/run.ts";
import type { EvalSummary } from "../schemas/summary.ts";

/** One judging of a run: its manifest and an eval summary, with when that summary was made. */
export interface Judging {
  manifest: RunManifest;
  summary: EvalSummary;
  /** ISO time of the judging (compared as text; ISO times sort by time). */
  judgedAt: string;
}

export interface LeaderboardRow {
  /** `run|dataset|judge`, or `run|dataset|judge|eval` for an extra eval: unique per row. */
  key: string;
  run: string;
  name: string;
  description?: string;
  /** Eval dataset and split. */
  dataset: string;
  split: string;
  /** The extra eval the row comes from (runs/<id>/evals/<name>/); absent: the run's own eval. */
  eval?: string;
  judge: string;
  family: string;
  parameters?: number;
  tags: string[];
  score: number;
  ci95: [number, number];
  n: number;
  correct: number;
  /** Share of items the judge found something to judge in (judges that report coverage only). */
  coverage?: number;
  commit?: string;
  dirty?: boolean;
  /** When the run was created (ISO). */
  date: string;
  judgedAt: string;
  /** Model versions the run was promoted to (configs/models.yaml), e.g. `demo-gpt v1 (production)`; set by report/promotions.ts. */
  promoted?: string[];
}

export const SORT_KEYS = ["score", "run", "dataset", "judge", "family", "n", "date", "commit"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** When a run folder's summary was made: the summarize stage's end, else the judge stage's, else the manifest's update time. */
export function judgedAtOf(manifest: RunManifest): string {
  return manifest.stages.summarize?.endedAt ?? manifest.stages.judge?.endedAt ?? manifest.updatedAt;
}

/** The judging held by a run folder, or undefined when it has no summary yet. */
export function judgingOf(run: {
  manifest: RunManifest;
  summary: EvalSummary | undefined;
}): Judging | undefined {
  return run.summary
    ? { manifest: run.manifest, summary: run.summary, judgedAt: judgedAtOf(run.manifest) }
    : undefined;
}

/** Rows for every judging (undefined entries are skipped), latest judging per key, sorted by score desc then key. */
export function leaderboardRows(judgings: readonly (Judging | undefined)[]): LeaderboardRow[] {
  const latest = new Map<string, LeaderboardRow>();
  for (const j of judgings) {
    if (!j) continue;
    const m = j.manifest;
    for (const [judge, s] of Object.entries(j.summary.judges)) {
      const ev = j.summary.eval;
      const key = `${m.id}|${j.summary.dataset}|${judge}${ev ? `|${ev}` : ""}`;
      const prev = latest.get(key);
      if (prev && prev.judgedAt >= j.judgedAt) continue;
      latest.set(key, {
        key,
        run: m.id,
        name: m.name,
        description: m.config.description,
        dataset: j.summary.dataset,
        split: j.summary.split,
        ...(ev ? { eval: ev } : {}),
        judge,
        family: m.model?.family ?? m.config.model.family,
        parameters: m.model?.parameters,
        tags: [...m.config.tags],
        score: s.score,
        ci95: s.ci95.wilson,
        n: s.n,
        correct: s.correct,
        ...(s.coverage === undefined ? {} : { coverage: s.coverage }),
        commit: m.git?.commit,
        dirty: m.git?.dirty,
        date: m.createdAt,
        judgedAt: j.judgedAt,
      });
    }
  }
  return sortRows([...latest.values()], "score", "desc");
}

/** The judgings of a run folder's extra evals that have a summary (runs-reader's `evals`). */
export function evalJudgingsOf(run: {
  manifest: RunManifest;
  evals?: readonly { manifest: EvalManifest; summary: EvalSummary | undefined }[];
}): Judging[] {
  return (run.evals ?? []).flatMap((e) =>
    e.summary
      ? [
          {
            manifest: run.manifest,
            summary: e.summary,
            judgedAt: e.manifest.stages.summarize?.endedAt ?? e.manifest.updatedAt,
          },
        ]
      : [],
  );
}

/** The group a row is ranked in: its eval dataset and split. */
export function groupOf(row: Pick<LeaderboardRow, "dataset" | "split">): string {
  return `${row.dataset}/${row.split}`;
}

/** `sortRows` inside each eval dataset/split, the groups in name order: no ranking across datasets. */
export function sortRowsGrouped(
  rows: readonly LeaderboardRow[],
  by: SortKey,
  dir: "asc" | "desc",
): LeaderboardRow[] {
  const sorted = sortRows(rows, by, dir);
  const rank = new Map(sorted.map((r, i) => [r, i]));
  return sorted.sort((a, b) => {
    const ga = groupOf(a);
    const gb = groupOf(b);
    return ga < gb ? -1 : ga > gb ? 1 : rank.get(a)! - rank.get(b)!;
  });
}

/** A stable sort by one column; ties are broken by key so the order is the same every time. */
export function sortRows(
  rows: readonly LeaderboardRow[],
  by: SortKey,
  dir: "asc" | "desc",
): LeaderboardRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[by];
    const y = b[by];
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1; // missing values last, either way
    } else {
      const c = compareValues(x, y);
      if (c !== 0) return sign * c;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/** The distinct values of each filterable column, sorted: for the filter menus. */
export function leaderboardFacets(
  rows: readonly LeaderboardRow[],
): Record<"dataset" | "family" | "judge" | "tag", string[]> {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    dataset: uniq(rows.map((r) => r.dataset)),
    family: uniq(rows.map((r) => r.family)),
    judge: uniq(rows.map((r) => r.judge)),
    tag: uniq(rows.flatMap((r) => r.tags)),
  };
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}
