// GSM8K rows `{question, answer}` → traces. The answer holds one reasoning step per line, with
// calculator annotations `<<48/2=24>>`, and a final line `#### N`. Each non-empty line before `####`
// becomes a step (annotations kept as `calc` data, kind "calc"); the answer is the text after `####`
// with thousands commas removed; difficulty is the number of steps clamped to 1..10.
//
//   GSM8K_FORMAT.convertRow({ question: "…", answer: "48/2 = <<48/2=24>>24\n#### 24" }, ctx)

import { describeValue } from "../../errors.ts";
import { buildCandidate, splitHashAnswer, stepsFromText } from "./steps.ts";
import type { ImportFormat, RowContext, RowResult } from "./types.ts";

export const GSM8K_CATEGORY = "gsm8k";

export const GSM8K_FORMAT: ImportFormat = Object.freeze({
  name: "gsm8k",
  summary: "GSM8K rows {question, answer} with `<<expr=result>>` annotations and a final `#### N` line",
  usesMap: false,
  convertRow(value: unknown, ctx: RowContext): RowResult {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return {
        problems: [
          { field: "(root)", expected: "an object {question, answer}", found: describeValue(value) },
        ],
      };
    }
    const row = value as Record<string, unknown>;
    const problems = [];
    for (const key of ["question", "answer"]) {
      const v = row[key];
      if (typeof v !== "string" || v.trim() === "") {
        problems.push({ field: key, expected: "a non-empty string", found: describeValue(v) });
      }
    }
    if (problems.length) return { problems };
    const split = splitHashAnswer(row.answer as string, "answer");
    if (split.problem) return { problems: [split.problem] };
    const steps = stepsFromText(split.body, "answer", { strictCalc: true });
    if (steps.problem) return { problems: [steps.problem] };
    return {
      trace: buildCandidate({
        source: ctx.source,
        row: ctx.row,
        prompt: (row.question as string).trim(),
        steps: steps.steps,
        answer: split.answer,
        category: GSM8K_CATEGORY,
        difficulty: Math.min(10, Math.max(1, steps.steps.length)),
      }),
    };
  },
});
