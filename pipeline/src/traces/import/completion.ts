// Reads steps and an answer out of a model's or a dataset's free-text solution. Tried in order:
//   1. the project's own trace formats (traces/formats.ts: `tagged`, then `numbered`),
//      chosen when their markers appear; a marked but malformed text is an error, not a guess;
//   2. a final `#### N` line (GSM8K style);
//   3. the last `\boxed{…}` (balanced braces);
//   4. a last line `Answer: X`, `The (final) answer is X`, or one ending in `… answer is X`.
// Otherwise the text has no recognisable answer and the caller reports the row as invalid.
//
//   parseCompletion("3 + 4 = 7\nThe answer is 7.") → { steps: ["3 + 4 = 7"], answer: "7" }

import { describeValue } from "../../errors.ts";
import { TRACE_FORMATS } from "../formats.ts";
import { normaliseAnswer, splitHashAnswer } from "./steps.ts";
import type { RowProblem } from "./types.ts";

export type ParsedCompletion =
  | { steps: string[]; answer: string; problem?: undefined }
  | { problem: Omit<RowProblem, "field"> };

const ANSWER_LEAD =
  /^(?:(?:so|thus|therefore|hence),?\s+)?(?:the\s+)?(?:final\s+)?answer(?:\s+is\b:?|\s*:)\s*/i;

export function parseCompletion(text: string): ParsedCompletion {
  const marked = /<\/?(?:reasoning|answer)>/.test(text)
    ? TRACE_FORMATS.tagged
    : /^\s*Reasoning:/m.test(text)
      ? TRACE_FORMATS.numbered
      : undefined;
  if (marked) {
    const parsed = marked.parse(text);
    if (parsed.problems.length === 0 && parsed.answer !== null) {
      return checked(parsed.steps, normaliseAnswer(parsed.answer), text);
    }
    return {
      problem: {
        expected: `a well-formed ${marked.name} trace`,
        found: parsed.problems.join("; "),
        hint: `see traces/formats.ts for the ${marked.name} layout`,
      },
    };
  }
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (/^\s*####/m.test(text)) {
    const split = splitHashAnswer(text, "");
    if (split.problem) return { problem: { expected: split.problem.expected, found: split.problem.found } };
    return checked(nonEmptyLines(split.body), split.answer, text);
  }
  const boxed = lastBoxed(text);
  if (boxed) {
    const at = lines.findLastIndex((l) => l.includes("\\boxed{"));
    const last = lines[at].replace(`\\boxed{${boxed}}`, boxed);
    const rest = lines[at].replace(`\\boxed{${boxed}}`, "");
    return checked(
      [...lines.slice(0, at), ...(isAnswerOnly(rest) ? [] : [last])],
      normaliseAnswer(boxed),
      text,
    );
  }
  const last = (lines.at(-1) ?? "").replace(/\*\*/g, "");
  const lead = ANSWER_LEAD.exec(last);
  if (lead) {
    return checked(lines.slice(0, -1), normaliseAnswer(last.slice(lead[0].length)), text);
  }
  const inline = /\banswer is:?\s*(.+)$/i.exec(last);
  if (inline) return checked(lines, normaliseAnswer(inline[1]), text);
  return {
    problem: {
      expected:
        "a trace in the numbered or tagged format, a final `#### N` line, a `\\boxed{…}` answer, or a last line `Answer: X` / `… the answer is X`",
      found: describeValue(text.length > 60 ? `…${text.slice(-59)}` : text),
      hint: "fix the assistant turn or pass --lenient to skip such rows",
    },
  };
}

function checked(steps: string[], answer: string, text: string): ParsedCompletion {
  if (answer === "") {
    return {
      problem: {
        expected: "a non-empty answer",
        found: describeValue(text),
        hint: "the answer part is empty",
      },
    };
  }
  return { steps, answer };
}

function nonEmptyLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** The content of the last `\boxed{…}` with balanced braces, or undefined. */
function lastBoxed(text: string): string | undefined {
  const start = text.lastIndexOf("\\boxed{");
  if (start === -1) return undefined;
  let depth = 0;
  for (let i = start + "\\boxed".length; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(start + "\\boxed{".length, i);
  }
  return undefined;
}

/** Is a line nothing but answer phrasing once its boxed answer is removed (`The answer is $$.`)? */
function isAnswerOnly(rest: string): boolean {
  const bare = rest.replace(/\\[[\]()]|[$*]/g, "").trim();
  return bare.replace(ANSWER_LEAD, "").replace(/[\s.,:;!]/g, "") === "";
}
