// `exact-match@1`: the original system's judge. The whole prediction, trimmed and lower-cased, must
// equal the gold answer (extracted as in the answer-correctness spec §2), trimmed and lower-cased.
// Kept for comparison with old results; answer-correctness@1 is the one that ranks.
//
//   judgeExactMatch("  72 ", "#### 72") // → {correct: true, …}
import { extractGold } from "./answer/extract.ts";
import { type Judge, type VerdictFields, verdict } from "./types.ts";

export const EXACT_MATCH = "exact-match@1";

export function judgeExactMatch(prediction: string, gold: string): VerdictFields {
  const extracted = prediction.trim();
  const goldAnswer = extractGold(gold);
  return {
    correct: extracted.toLowerCase() === goldAnswer.toLowerCase(),
    extracted,
    gold: goldAnswer,
    rule: "whole-output",
    comparison: "exact",
  };
}

export const exactMatchJudge: Judge = {
  name: "exact-match",
  version: 1,
  description: "Trimmed, lower-cased whole prediction equals the gold answer (the original system's judge).",
  judge: (item) => verdict(EXACT_MATCH, item, judgeExactMatch(item.prediction, item.gold)),
};
