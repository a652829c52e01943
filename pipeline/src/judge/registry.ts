// The judges, one frozen table keyed by versioned name (`answer-correctness@1`). Adding a judge =
// one file exporting a `Judge`, one row here, one test. A changed judge gets a new version and
// keeps the old row, so old verdicts stay reproducible.
//
//   judgeAll(items, ["answer-correctness@1", "format@1"])            // sync judges
//   await judgeAllAsync(items, ["llm-rubric@1"], { runDir, root })    // any judge
import { TunixError } from "../errors.ts";
import type { VerdictRow } from "../schemas/rows.ts";
import { answerCorrectnessJudge } from "./answer-correctness.ts";
import { exactMatchJudge } from "./exact-match.ts";
import { formatJudge } from "./format.ts";
import { llmRubricJudge } from "./llm-rubric.ts";
import { stepArithmeticJudge } from "./step-arithmetic.ts";
import { stepArithmeticV2Judge } from "./step-arithmetic-v2.ts";
import type { Judge, JudgeContext, JudgeItem } from "./types.ts";

const ALL: readonly Judge[] = [
  answerCorrectnessJudge,
  exactMatchJudge,
  formatJudge,
  stepArithmeticJudge,
  stepArithmeticV2Judge,
  llmRubricJudge,
];

export const JUDGES: Readonly<Record<string, Judge>> = Object.freeze(
  Object.fromEntries(ALL.map((j) => [`${j.name}@${j.version}`, Object.freeze(j)])),
);

/** The judge registered under `name@version`; a usage error naming the known ones otherwise. */
export function getJudge(name: string): Judge {
  const judge = JUDGES[name];
  if (!judge) {
    throw new TunixError("E_USAGE", {
      field: "judge",
      expected: `one of ${Object.keys(JUDGES).join(", ")}`,
      found: JSON.stringify(name),
      hint: "judges are named name@version; see pipeline/src/judge/registry.ts",
    });
  }
  return judge;
}

/** Verdicts of sync judges, ordered by item, then by judge name. */
export function judgeAll(items: readonly JudgeItem[], judgeNames: readonly string[]): VerdictRow[] {
  const judges = sortedJudges(judgeNames);
  for (const [name, j] of judges) {
    if (!j.judge) {
      throw new TunixError("E_USAGE", {
        field: "judge",
        expected: "a synchronous judge",
        found: name,
        hint: "this judge calls out: use judgeAllAsync",
      });
    }
  }
  const rows: VerdictRow[] = [];
  for (const item of items) for (const [, j] of judges) rows.push(j.judge!(item));
  return rows;
}

/** Verdicts of any judges (sync ones run inline), ordered by item, then by judge name. */
export async function judgeAllAsync(
  items: readonly JudgeItem[],
  judgeNames: readonly string[],
  ctx: JudgeContext,
): Promise<VerdictRow[]> {
  const judges = sortedJudges(judgeNames);
  const rows: VerdictRow[] = [];
  for (const item of items) {
    for (const [, j] of judges) rows.push(j.judge ? j.judge(item) : await j.judgeAsync!(item, ctx));
  }
  return rows;
}

function sortedJudges(names: readonly string[]): [string, Judge][] {
  return [...new Set(names)].sort().map((n) => [n, getJudge(n)]);
}
