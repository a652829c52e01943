// Validation problems: each is a Problem (errors.ts) plus the check that found it. A sink keeps the
// first `max` problems for printing and counts all of them, so a file that is wrong on every one of
// a million lines neither floods memory nor hides how many lines are wrong. Printing: plain text
// (`path:line: field: expected …, found … (hint)`) or GitHub workflow annotations.
//
//   const sink = createProblemSink(1000);
//   sink.add("schema", { file, line, field, expected, found });
//   for (const p of sink.shown) out(formatGithubAnnotation(p));

import { formatProblem, type Problem } from "../errors.ts";

export const CHECKS = Object.freeze({
  json: "Invalid JSON",
  yaml: "Invalid YAML",
  encoding: "Not UTF-8",
  schema: "Schema error",
  "unknown-file": "Not a data file",
  path: "Nothing to validate",
  "duplicate-id": "Duplicate trace id",
  name: "Name does not match file",
  lock: "Dataset lock",
  reference: "Broken reference",
  contamination: "Eval item also in train",
} as const);
export type CheckName = keyof typeof CHECKS;

export interface ValidationProblem extends Problem {
  check: CheckName;
}

export interface ProblemSink {
  add(check: CheckName, p: Problem): void;
  /** All problems found, shown or not. */
  readonly count: number;
  /** The first `max` problems, in the order found. */
  readonly shown: ValidationProblem[];
}

/** `max` 0 keeps every problem. */
export function createProblemSink(max: number): ProblemSink {
  const shown: ValidationProblem[] = [];
  let count = 0;
  return {
    add(check, p) {
      count++;
      if (max === 0 || shown.length < max) shown.push({ check, ...p });
    },
    get count() {
      return count;
    },
    shown,
  };
}

/** `::error file=…,line=…,title=…::message` — the message without the location, which GitHub shows itself. */
export function formatGithubAnnotation(p: ValidationProblem): string {
  const props: string[] = [];
  if (p.file) props.push(`file=${escapeProperty(p.file)}`);
  if (p.file && p.line) props.push(`line=${p.line}`);
  props.push(`title=${escapeProperty(CHECKS[p.check])}`);
  const message = formatProblem({ ...p, file: undefined, line: undefined });
  return `::error ${props.join(",")}::${escapeData(message)}`;
}

/** Workflow command data: `%`, CR and LF are escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow command properties: as data, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
