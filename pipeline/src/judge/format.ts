// `format@1`: does the output follow the run's trace format (traces/formats.ts)? Reasoning
// present and non-empty, an answer present, tags well formed, and not cut off at max tokens
// (finishReason `length` → incorrect, rule `truncated`). details.problems lists what is wrong.
//
//   judgeFormat("Reasoning:\n1. 2+2=4\nAnswer: 4", {traceFormat: "numbered"}) // → {correct: true, rule: "numbered", …}
import { getTraceFormat, type ParsedOutput } from "../traces/formats.ts";
import { type Judge, type JudgeItem, type VerdictFields, verdict } from "./types.ts";

export const FORMAT = "format@1";
/** More opening tags than this: malformed, and not handed to the tag regexes (they are quadratic there). */
const MAX_TAGS = 16;

export function judgeFormat(
  prediction: string,
  item: Pick<JudgeItem, "traceFormat" | "finishReason">,
): VerdictFields {
  const name = item.traceFormat ?? "numbered";
  const parsed =
    name === "tagged" && tooManyTags(prediction)
      ? tagProblems(prediction)
      : getTraceFormat(name).parse(prediction);
  const problems = [...parsed.problems];
  const truncated = item.finishReason === "length";
  if (truncated) problems.push("output cut off at max new tokens (finishReason: length)");
  return {
    correct: problems.length === 0,
    extracted: parsed.answer,
    gold: null,
    rule: truncated ? "truncated" : name,
    comparison: "structure",
    details: { problems, steps: parsed.steps.length },
  };
}

export const formatJudge: Judge = {
  name: "format",
  version: 1,
  description:
    "Output follows the run's trace format (numbered or tagged): reasoning, answer, tags; not truncated.",
  judge: (item) => verdict(FORMAT, item, judgeFormat(item.prediction, item)),
};

function countOf(text: string, tag: string): number {
  let n = 0;
  for (let i = text.indexOf(tag); i >= 0; i = text.indexOf(tag, i + tag.length)) n++;
  return n;
}

function tooManyTags(text: string): boolean {
  return countOf(text, "<reasoning>") > MAX_TAGS || countOf(text, "<answer>") > MAX_TAGS;
}

/** The tag-count problems of the tagged format, computed without regexes (hostile outputs). */
function tagProblems(text: string): ParsedOutput {
  const problems: string[] = [];
  const [ro, rc, ao, ac] = ["<reasoning>", "</reasoning>", "<answer>", "</answer>"].map((t) =>
    countOf(text, t),
  );
  if (ro !== 1 || rc !== 1)
    problems.push(`expected one <reasoning>…</reasoning>, found ${ro} opening and ${rc} closing tags`);
  if (ao !== 1 || ac !== 1)
    problems.push(`expected one <answer>…</answer>, found ${ao} opening and ${ac} closing tags`);
  return { steps: [], answer: null, problems };
}
