// `step-arithmetic@1`: are the calculations written in the reasoning right? Finds arithmetic claims
// (arithmetic.ts) in every line of a prediction and in its GSM8K `<<expr=result>>` annotations, and
// checks each exactly. Decision: correct = no wrong claim; a prediction with no claim at all is
// correct too (nothing is wrong), and `details.checked` records how many claims were checked, so a
// report can tell "0 of 0" from "5 of 5". Kept so that @1 verdicts of committed runs stay
// reproducible; new runs use step-arithmetic@2 (step-arithmetic-v2.ts), where "no claim" is not
// applicable. `checkTraceArithmetic` does the same for a gold trace, from its step texts and its
// structured `calc` annotations.
//
//   checkTraceArithmetic(trace) // → {checked: 3, wrong: [{step: 1, claim: "9 * 2 = 19", expected: "18", found: "19"}]}
import type { Trace } from "../schemas/trace.ts";
import {
  type Claim,
  type ClaimOptions,
  checkClaim,
  findClaims,
  MAX_CLAIMS,
  MAX_TEXT_CHARS,
} from "./arithmetic.ts";
import { type Judge, verdict } from "./types.ts";

export const STEP_ARITHMETIC = "step-arithmetic@1";

export interface WrongClaim {
  /** 0-based step index (a trace), or 0-based line index (a prediction). */
  step: number;
  claim: string;
  expected: string;
  found: string;
  /** Where the claim was: the step text or a calculator annotation. */
  from: "text" | "calc";
}

export interface ArithmeticCheck {
  checked: number;
  wrong: WrongClaim[];
  /** Set when a hostile output was only partly checked (see checkTextArithmetic). */
  truncated?: boolean;
}

/** Check a trace's own arithmetic: step texts and `calc` annotations. */
export function checkTraceArithmetic(trace: Pick<Trace, "steps">): ArithmeticCheck {
  const result: ArithmeticCheck = { checked: 0, wrong: [] };
  trace.steps.forEach((step, i) => {
    for (const c of step.calc ?? []) record(result, i, checkClaim(c.expr, c.result), "calc");
    for (const c of findClaims(step.text)) record(result, i, c, "text");
  });
  return result;
}

/**
 * Check the arithmetic of a raw model output, line by line (annotations included). Bounded: the
 * first MAX_TEXT_CHARS characters and at most MAX_CLAIMS claims are checked (`truncated` then).
 */
export function checkTextArithmetic(fullText: string, opts: ClaimOptions = {}): ArithmeticCheck {
  const result: ArithmeticCheck = { checked: 0, wrong: [] };
  const text = fullText.length > MAX_TEXT_CHARS ? fullText.slice(0, MAX_TEXT_CHARS) : fullText;
  if (text.length < fullText.length) result.truncated = true;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (result.checked >= MAX_CLAIMS) {
      result.truncated = true;
      break;
    }
    const { text: plain, annotations } = takeAnnotations(lines[i]);
    for (const a of annotations) record(result, i, checkClaim(a.expr, a.result, opts), "calc");
    for (const c of findClaims(plain, opts)) record(result, i, c, "text");
  }
  return result;
}

/** `4*5=<<4*5=20>>20` → text `4*5=20` and annotations [{expr: "4*5", result: "20"}]. */
export function takeAnnotations(line: string): {
  text: string;
  annotations: { expr: string; result: string }[];
} {
  const annotations: { expr: string; result: string }[] = [];
  const text = line.replace(/<<([^<>\n]{1,300})>>/g, (_, inner: string) => {
    const eq = inner.lastIndexOf("=");
    if (eq > 0) annotations.push({ expr: inner.slice(0, eq), result: inner.slice(eq + 1) });
    return "";
  });
  return { text, annotations };
}

export const stepArithmeticJudge: Judge = {
  name: "step-arithmetic",
  version: 1,
  description:
    "Arithmetic claims in the reasoning (a op b = c, chains, <<a*b=c>>, 20% of 50 = 10) checked exactly; correct when none is wrong.",
  judge(item) {
    const check = checkTextArithmetic(item.prediction);
    return verdict(STEP_ARITHMETIC, item, {
      correct: check.wrong.length === 0,
      extracted: null,
      gold: null,
      rule: check.checked === 0 ? "no-claims" : "claims",
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

function record(result: ArithmeticCheck, step: number, claim: Claim | null, from: "text" | "calc"): void {
  if (claim === null) return;
  result.checked++;
  if (!claim.ok)
    result.wrong.push({ step, claim: claim.claim, expected: claim.expected, found: claim.found, from });
}
