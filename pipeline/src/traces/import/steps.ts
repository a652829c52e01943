// Text helpers shared by the import formats: lines → steps (with GSM8K calculator annotations
// `<<48/2=24>>` kept as structured `calc` data and stripped from the text), the `#### N` final-answer
// split, answer normalisation, stable ids and the candidate trace every format returns.
//
//   stepsFromText("Half is 48/2 = <<48/2=24>>24.\n")
//     → { steps: [{ text: "Half is 48/2 = 24.", kind: "calc", calc: [{ expr: "48/2", result: "24" }] }] }
//   splitHashAnswer("a\nb\n#### 1,080") → { body: "a\nb\n", answer: "1080" }

import { describeValue } from "../../errors.ts";
import { TRACE_SCHEMA_VERSION, type TraceStep } from "../../schemas/trace.ts";
import type { CandidateTrace, RowProblem } from "./types.ts";

const CALC = /<<([^<>]*)>>/g;

export type StepsResult =
  | { steps: TraceStep[]; problem?: undefined }
  | { problem: RowProblem; steps?: undefined };

/**
 * Non-empty lines of `text` as steps. `strictCalc` (GSM8K): every `<<…>>` must be `<<expr=result>>`
 * and no stray `<<`/`>>` may remain; otherwise only well-formed annotations are extracted.
 * `field` names the input field in problems.
 */
export function stepsFromText(
  text: string,
  field: string,
  opts: { strictCalc?: boolean; stripNumbering?: boolean } = {},
): StepsResult {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return stepsFromLines(lines, field, opts);
}

/** Like `stepsFromText` for lines already split (each one step). */
export function stepsFromLines(
  lines: readonly string[],
  field: string,
  opts: { strictCalc?: boolean; stripNumbering?: boolean } = {},
): StepsResult {
  const steps: TraceStep[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = opts.stripNumbering ? raw.replace(/^(?:step\s*)?\d+[.):]\s+|^[-*•]\s+/i, "") : raw;
    const calc: { expr: string; result: string }[] = [];
    let bad: string | undefined;
    const stripped = line.replace(CALC, (whole, inner: string) => {
      const eq = inner.lastIndexOf("=");
      if (eq === -1) {
        bad ??= whole;
        return whole;
      }
      calc.push({ expr: inner.slice(0, eq), result: inner.slice(eq + 1) });
      return "";
    });
    if (opts.strictCalc && (bad !== undefined || /<<|>>/.test(stripped))) {
      return {
        problem: {
          field: `${field} (step ${i + 1})`,
          expected: "calculator annotations written as <<expression=result>>",
          found: describeValue(bad ?? raw),
          hint: "fix the annotation or remove it",
        },
      };
    }
    const stepText = stripped.trim();
    if (stepText.length === 0) {
      return {
        problem: {
          field: `${field} (step ${i + 1})`,
          expected: "step text besides calculator annotations",
          found: describeValue(raw),
        },
      };
    }
    steps.push(calc.length ? { text: stepText, kind: "calc", calc } : { text: stepText });
  }
  return { steps };
}

/** Split a solution at its one `####` marker: the reasoning before it and the answer after it. */
export function splitHashAnswer(
  text: string,
  field: string,
): { body: string; answer: string; problem?: undefined } | { problem: RowProblem } {
  const parts = text.split("####");
  if (parts.length !== 2) {
    return {
      problem: {
        field,
        expected: "exactly one final line `#### <answer>`",
        found: parts.length === 1 ? "no `####`" : `${parts.length - 1} \`####\` markers`,
        hint: "the answer text must end with a line like `#### 72`",
      },
    };
  }
  const answer = normaliseAnswer(parts[1]);
  if (answer.length === 0 || answer.includes("\n")) {
    return {
      problem: {
        field,
        expected: "one non-empty answer after `####`",
        found: describeValue(parts[1]),
        hint: "the `####` line must be the last line and hold the answer",
      },
    };
  }
  return { body: parts[0], answer };
}

/** Trim, drop a trailing full stop, and remove thousands commas from a number (`1,080` → `1080`). */
export function normaliseAnswer(raw: string): string {
  let a = raw.trim();
  if (/^\*\*.*\*\*$/.test(a)) a = a.slice(2, -2).trim();
  if (/^\$[^$]+\$$/.test(a)) a = a.slice(1, -1).trim();
  a = a.replace(/\.$/, "").trim();
  if (/^[-+]?\$?\d{1,3}(,\d{3})+(\.\d+)?$/.test(a)) a = a.replace(/,/g, "");
  return a;
}

/** A stable id `<source>:<key>` with every character outside the id alphabet replaced by `-`. */
export function makeTraceId(source: string, key: string | number): string {
  return `${source}:${String(key)}`.replace(/[^A-Za-z0-9._:/-]/g, "-");
}

export interface CandidateFields {
  source: string;
  row: number;
  id?: string;
  prompt: string;
  steps: TraceStep[];
  answer: string;
  category?: string;
  difficulty?: number;
  tags?: string[];
}

/** The trace object a format returns (validated later by the driver). `meta.row` is the row index. */
export function buildCandidate(f: CandidateFields): CandidateTrace {
  return {
    schemaVersion: TRACE_SCHEMA_VERSION,
    id: f.id ?? makeTraceId(f.source, f.row),
    source: f.source,
    prompt: f.prompt,
    steps: f.steps,
    answer: f.answer,
    category: f.category,
    difficulty: f.difficulty,
    tags: f.tags,
    meta: { row: f.row },
  };
}
