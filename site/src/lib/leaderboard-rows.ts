// Leaderboard rows of the whole site, from the runs collection through the pipeline's
// `leaderboardRows` (one row per run × eval dataset × judge, latest judging wins), the runs' extra
// evals (runs/<id>/evals/<name>/) included, promoted runs marked (report/promotions.ts).
import { evalJudgingsOf, leaderboardRows } from "../../../pipeline/src/report/leaderboard.ts";
import { markPromoted, promotionsOf, readModelRegistry } from "../../../pipeline/src/report/promotions.ts";
import { dataRoot } from "./root.ts";
import { getRuns } from "./site-data.ts";

export async function siteLeaderboard() {
  const runs = await getRuns();
  // Promoted runs (configs/models.yaml) carry the tags promoted:<stage> and model:<name>.
  const promotions = promotionsOf(readModelRegistry(dataRoot()));
  const rows = leaderboardRows(
    runs.flatMap((r) => [
      r.summary ? { manifest: r.manifest, summary: r.summary, judgedAt: r.judgedAt } : undefined,
      ...evalJudgingsOf({
        manifest: r.manifest,
        evals: r.evals.map((e) => ({ manifest: e.manifest, summary: e.summary ?? undefined })),
      }),
    ]),
  );
  return markPromoted(rows, promotions);
}

export const DEFAULT_JUDGE = "answer-correctness@1";
