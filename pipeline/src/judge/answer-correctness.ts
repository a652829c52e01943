// `answer-correctness@1`: is the prediction's final answer the gold answer? Implements
// the rules in content/docs/judges.md: extraction (answer/extract.ts), normalisation (answer/normalize.ts),
// then exact rational / numeric / expression / structure / text comparison (math/compare.ts).
// Deterministic, no model; never throws: an unexpected failure is an incorrect verdict with rule
// `error` (normal inputs never reach it). The verdict records the rule that fired and the method.
//
//   judgeAnswer("… so the answer is $18.", "#### 18")
//   // → {correct: true, rule: "answer-phrase", comparison: "rational", extracted: "$18", gold: "18", …}
import { extractGold, extractPrediction } from "./answer/extract.ts";
import { normalizeSpan } from "./answer/normalize.ts";
import { type AnswerValue, parseAnswerValue } from "./math/answer-value.ts";
import { compareValues, textKey } from "./math/compare.ts";
import { MAX_EXPRESSION_CHARS } from "./math/expression.ts";
import { type Judge, type VerdictFields, verdict } from "./types.ts";

export const ANSWER_CORRECTNESS = "answer-correctness@1";

interface GoldInfo {
  span: string;
  normalized: string;
  value: AnswerValue;
}

/** Judge one (prediction, gold) pair. */
export function judgeAnswer(prediction: string, gold: string): VerdictFields {
  try {
    return judgeUnsafe(prediction, gold);
  } catch (e) {
    return {
      correct: false,
      extracted: null,
      gold: null,
      rule: "error",
      comparison: "error",
      details: { error: String((e as Error)?.message ?? e).slice(0, 200) },
    };
  }
}

export const answerCorrectnessJudge: Judge = {
  name: "answer-correctness",
  version: 1,
  description:
    "Final answer vs gold: extraction by marker priority, exact rational comparison, radicals/π within 1e-9, expressions at random points, tuples/intervals/sets, text (rules: content/docs/judges.md).",
  judge: (item) => verdict(ANSWER_CORRECTNESS, item, judgeAnswer(item.prediction, item.gold)),
};

function judgeUnsafe(prediction: string, rawGold: string): VerdictFields {
  const g = goldInfo(rawGold);
  const ex = extractPrediction(prediction, { goldIsText: g.value.kind === "text", parsesAsAnswer });
  const base = { extracted: ex.span?.trim() ?? null, gold: g.span, rule: ex.rule };
  if (ex.span === null) return { ...base, correct: false, comparison: "none", details: {} };
  const span = ex.span.trim();
  if (span.length > MAX_EXPRESSION_CHARS || g.span.length > MAX_EXPRESSION_CHARS) {
    // Too long to be maths: compared as text, without normalisation.
    return { ...base, correct: textKey(span) === textKey(g.span), comparison: "text", details: {} };
  }
  const normalized = normalizeSpan(span);
  const details = { prediction: normalized, gold: g.normalized, kind: g.value.kind };
  if (normalized === "") return { ...base, correct: false, comparison: "empty", details };
  if (g.normalized === "") return { ...base, correct: false, comparison: "empty-gold", details };
  const goldLetter = choiceLetter(g.normalized);
  const predLetter = choiceLetter(normalized);
  if (goldLetter !== null && predLetter !== null)
    return { ...base, correct: goldLetter === predLetter, comparison: "choice", details };
  const c = compareValues(g.value, parseAnswerValue(normalized));
  return { ...base, correct: c.equal, comparison: c.method, details };
}

/** Whole-line fallback: does the line parse as an answer (number, expression, tuple, number words…)? */
function parsesAsAnswer(line: string): boolean {
  if (line.length > MAX_EXPRESSION_CHARS) return false;
  const normalized = normalizeSpan(line);
  return normalized !== "" && parseAnswerValue(normalized).kind !== "text";
}

/** `C`, `(C)` (after \text{} is unwrapped) → `c`; anything else → null. */
function choiceLetter(s: string): string | null {
  const m = /^(?:\(\s*([A-Za-z])\s*\)|([A-Za-z]))$/.exec(s);
  return m ? (m[1] ?? m[2]).toLowerCase() : null;
}

// Golds repeat across judges and runs: parse each once (bounded cache).
const GOLD_CACHE = new Map<string, GoldInfo>();
const GOLD_CACHE_SIZE = 4096;

function goldInfo(rawGold: string): GoldInfo {
  const hit = GOLD_CACHE.get(rawGold);
  if (hit) return hit;
  const span = extractGold(rawGold);
  const long = span.length > MAX_EXPRESSION_CHARS;
  const normalized = long ? span : normalizeSpan(span);
  const info: GoldInfo = {
    span,
    normalized,
    value: long ? { kind: "text", text: span } : parseAnswerValue(normalized),
  };
  if (GOLD_CACHE.size >= GOLD_CACHE_SIZE) GOLD_CACHE.clear();
  GOLD_CACHE.set(rawGold, info);
  return info;
}
