import { type Problem, TunixError } from "../errors.ts";
import { readJsonl } from "../io/lines.ts";
import { issuesToProblems } from "../io/read.ts";
import { JudgeCase } from "../schemas/judging.ts";
import { judgeAllAsync } from "./registry.ts";
import type { JudgeContext } from "./types.ts";

export { JudgeCase };

export interface Agreement {
  n: number;
  agree: number;
  agreement: number;
}

export interface CalibrationReport extends Agreement {
  judge: string;
  by_category: Record<string, Agreement>;
  disagreements: {
    id: string;
    category: string;
    expected: boolean;
    got: boolean;
    rule: string;
    comparison: string;
    extracted: string | null;
    gold: string | null;
  }[];
}

const NO_CATEGORY = "(none)";

/** Read and validate a cases file; every bad line is reported, then the whole read fails. */
export async function readJudgeCases(file: string, display = file): Promise<JudgeCase[]> {
  const cases: JudgeCase[] = [];
  const problems: Problem[] = [];
  const ids = new Set<string>();
  for await (const row of readJsonl(file)) {
    if (row.error !== undefined) {
      problems.push({ file: display, line: row.line, message: `invalid JSON: ${row.error}` });
      continue;
    }
    const parsed = JudgeCase.safeParse(row.value);
    if (!parsed.success) {
      problems.push(...issuesToProblems(parsed.error.issues, display, row.value, undefined, row.line));
      continue;
    }
    if (ids.has(parsed.data.id))
      problems.push({
        file: display,
        line: row.line,
        field: "id",
        message: `duplicate id ${parsed.data.id}`,
      });
    ids.add(parsed.data.id);
    cases.push(parsed.data);
  }
  if (problems.length > 0) throw new TunixError("E_VALIDATION", problems);
  return cases;
}

export async function calibrateJudge(
  cases: JudgeCase[],
  judge: string,
  ctx: JudgeContext,
): Promise<CalibrationReport> {
  const items = cases.map((c) => ({
    id: c.id,
    gold: c.gold,
    prediction: c.prediction,
    category: c.category,
  }));
  const verdicts = await judgeAllAsync(items, [judge], ctx);
  const report: CalibrationReport = {
    judge,
    n: 0,
    agree: 0,
    agreement: 0,
    by_category: {},
    disagreements: [],
  };
  cases.forEach((c, i) => {
    const v = verdicts[i];
    const category = c.category ?? NO_CATEGORY;
    report.by_category[category] ??= { n: 0, agree: 0, agreement: 0 };
    const bucket = report.by_category[category];
    const agrees = v.correct === c.expected;
    for (const b of [report, bucket]) {
      b.n++;
      if (agrees) b.agree++;
    }
    if (!agrees) {
      const { rule, comparison, extracted, gold } = v;
      report.disagreements.push({
        id: c.id,
        category,
        expected: c.expected,
        got: v.correct,
        rule,
        comparison,
        extracted,
        gold,
      });
    }
  });
  for (const b of [report, ...Object.values(report.by_category)]) b.agreement = b.n ? b.agree / b.n : 0;
  return report;
}
