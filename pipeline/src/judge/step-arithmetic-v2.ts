// `step-arithmetic@2`: are the calculations written in the reasoning right? The same claims as
// step-arithmetic@1 (every line of the output and its `<<expr=result>>` annotations, checked exactly
// with rationals), with two changes that keep the score honest:
// - an output with no calculation at all is *not applicable* (`applicable: false`, rule `no-claims`):
//   it counts towards the judge's coverage, never towards its score, so a model that writes nothing
//   cannot score 100% (under @1 "no claim" counted as correct);
// - a calculation whose left side has no value (`1 / 0 = 0`) is a wrong claim with expected
//   `undefined` (under @1 it was skipped).
// Decision for an applicable item: correct = no wrong claim.
//
//   JUDGES["step-arithmetic@2"].judge!({ id: "q", prediction: "Answer: 18", gold: "18" })
//   // → { correct: false, applicable: false, rule: "no-claims", details: { checked: 0, … } }
import { checkTextArithmetic } from "./step-arithmetic.ts";
import { type Judge, verdict } from "./types.ts";

export const STEP_ARITHMETIC_2 = "step-arithmetic@2";

export const stepArithmeticV2Judge: Judge = {
  name: "step-arithmetic",
  version: 2,
  description:
    "Arithmetic claims in the reasoning (a op b = c, chains, <<a*b=c>>, 20% of 50 = 10, 1 / 0 = 0 is wrong) checked exactly; correct when none is wrong; an output without any calculation is not applicable (coverage, not score).",
  reportsCoverage: true,
  judge(item) {
    const check = checkTextArithmetic(item.prediction, { undefinedIsWrong: true });
    const applicable = check.checked > 0;
    return verdict(STEP_ARITHMETIC_2, item, {
      correct: applicable && check.wrong.length === 0,
      applicable,
      extracted: null,
      gold: null,
      rule: applicable ? "claims" : "no-claims",
      comparison: "rational",
      details: {
        checked: check.checked,
        wrong: check.wrong.slice(0, 20),
        wrongCount: check.wrong.length,
        ...(check.truncated ? { truncated: true } : {}),
      },
    });
  },
};
