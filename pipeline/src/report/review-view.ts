// The run page's view of people's ratings: one row per (reviewer, rated item) with the person's
// verdict beside each judge's, the rubric scores and the note; rows where a person and a judge
// disagree come first (then by item and reviewer). Pure: the site passes what run/review.ts read.
//
//   const rows = reviewRows(files, verdicts);   // rows[0].disagrees === true when there is any
import type { VerdictRow } from "../schemas/rows.ts";
import type { ReviewerFile } from "./review-stats.ts";

export interface ReviewViewRow {
  id: string;
  reviewer: string;
  /** Judge → the person's verdict (null: not rated) and the judge's (undefined: not judged). */
  verdicts: Record<string, { human: boolean | null; judge?: boolean }>;
  scores: Record<string, number | null>;
  note?: string;
  disagrees: boolean;
  fixture: boolean;
}

export function reviewRows(files: readonly ReviewerFile[], verdicts: readonly VerdictRow[]): ReviewViewRow[] {
  const judged = new Map(
    verdicts.filter((v) => v.applicable !== false).map((v) => [`${v.judge}\u0000${v.id}`, v.correct]),
  );
  const rows: ReviewViewRow[] = [];
  for (const f of files) {
    for (const r of f.rows) {
      const rated =
        Object.values(r.verdicts).some((v) => v !== null) || Object.values(r.scores).some((s) => s !== null);
      if (!rated) continue;
      const cells: ReviewViewRow["verdicts"] = {};
      let disagrees = false;
      for (const [judge, human] of Object.entries(r.verdicts)) {
        const j = judged.get(`${judge}\u0000${r.id}`);
        cells[judge] = { human, ...(j === undefined ? {} : { judge: j }) };
        if (human !== null && j !== undefined && human !== j) disagrees = true;
      }
      rows.push({
        id: r.id,
        reviewer: f.reviewer,
        verdicts: cells,
        scores: r.scores,
        ...(r.note ? { note: r.note } : {}),
        disagrees,
        fixture: r.fixture === true,
      });
    }
  }
  return rows.sort(
    (a, b) =>
      Number(b.disagrees) - Number(a.disagrees) ||
      a.id.localeCompare(b.id, "en", { numeric: true }) ||
      a.reviewer.localeCompare(b.reviewer),
  );
}
