// Leaderboard rows of the whole site, from the runs collection through the pipeline's
// `leaderboardRows` (one row per run × eval dataset × judge, latest judging wins).
import { leaderboardRows } from "../../../pipeline/src/report/leaderboard.ts";
import { getRuns } from "./site-data.ts";

export async function siteLeaderboard() {
  const runs = await getRuns();
  return leaderboardRows(
    runs.map((r) =>
      r.summary ? { manifest: r.manifest, summary: r.summary, judgedAt: r.judgedAt } : undefined,
    ),
  );
}

export const DEFAULT_JUDGE = "answer-correctness@1";
