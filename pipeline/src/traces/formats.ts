// How a trace's steps and answer are written in a training completion, and how a model's output in
// that format is read back (the format judge uses `parse`). A frozen registry: add a format = one row.
//
//   numbered:  Reasoning:\n1. …\n2. …\nAnswer: X
//   tagged:    <reasoning>\n1. …\n2. …\n</reasoning>\n<answer>X</answer>
import { TunixError } from "../errors.ts";

export interface ParsedOutput {
  /** Reasoning steps found, in order (text without numbering). */
  steps: string[];
  /** The answer text, or null when none was found. */
  answer: string | null;
  /** Structural problems, empty when the output follows the format. */
  problems: string[];
}

export interface TraceFormat {
  name: string;
  render(steps: readonly string[], answer: string): string;
  parse(text: string): ParsedOutput;
}

function numberedLines(steps: readonly string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s.replace(/\s*\n\s*/g, " ")}`).join("\n");
}

/**
 * The first `open…close` pair: what a lazy regex finds, in linear time (a regex rescans the rest of
 * the text from every unclosed opening tag, which is quadratic on hostile output).
 */
function between(text: string, open: string, close: string): { index: number; 1: string } | null {
  const start = text.indexOf(open);
  if (start === -1) return null;
  const end = text.indexOf(close, start + open.length);
  if (end === -1) return null;
  return { index: start, 1: text.slice(start + open.length, end) };
}

function stepsFrom(body: string): string[] {
  return body
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => l.replace(/^\d+[.)]\s*/, ""));
}

const numbered: TraceFormat = {
  name: "numbered",
  render(steps, answer) {
    return steps.length ? `Reasoning:\n${numberedLines(steps)}\nAnswer: ${answer}` : `Answer: ${answer}`;
  },
  parse(text) {
    const problems: string[] = [];
    const head = text.indexOf("Reasoning:");
    const ans = text.lastIndexOf("Answer:");
    if (head === -1) problems.push("no `Reasoning:` header");
    if (ans === -1) problems.push("no `Answer:` line");
    if (head !== -1 && ans !== -1 && ans < head) problems.push("`Answer:` comes before `Reasoning:`");
    const body = head === -1 ? "" : text.slice(head + "Reasoning:".length, ans > head ? ans : undefined);
    const steps = stepsFrom(body);
    if (head !== -1 && steps.length === 0) problems.push("reasoning is empty");
    const lines = body
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.some((l, i) => !l.startsWith(`${i + 1}.`))) problems.push("steps are not numbered 1., 2., …");
    const answer =
      ans === -1
        ? null
        : text
            .slice(ans + "Answer:".length)
            .split("\n")[0]
            .trim() || null;
    if (ans !== -1 && answer === null) problems.push("answer is empty");
    return { steps, answer, problems };
  },
};

const tagged: TraceFormat = {
  name: "tagged",
  render(steps, answer) {
    return `<reasoning>\n${numberedLines(steps)}\n</reasoning>\n<answer>${answer}</answer>`;
  },
  parse(text) {
    const problems: string[] = [];
    const count = (re: RegExp) => (text.match(re) ?? []).length;
    const [ro, rc, ao, ac] = [/<reasoning>/g, /<\/reasoning>/g, /<answer>/g, /<\/answer>/g].map(count);
    if (ro !== 1 || rc !== 1)
      problems.push(`expected one <reasoning>…</reasoning>, found ${ro} opening and ${rc} closing tags`);
    if (ao !== 1 || ac !== 1)
      problems.push(`expected one <answer>…</answer>, found ${ao} opening and ${ac} closing tags`);
    const r = between(text, "<reasoning>", "</reasoning>");
    const a = between(text, "<answer>", "</answer>");
    if (r && a && a.index < r.index) problems.push("<answer> comes before <reasoning>");
    const steps = r ? stepsFrom(r[1]) : [];
    if (r && steps.length === 0) problems.push("reasoning is empty");
    const answer = a ? a[1].trim() || null : null;
    if (a && answer === null) problems.push("answer is empty");
    return { steps, answer, problems };
  },
};

export const TRACE_FORMATS: Readonly<Record<string, TraceFormat>> = Object.freeze({ numbered, tagged });

export function getTraceFormat(name: string): TraceFormat {
  const f = TRACE_FORMATS[name];
  if (!f) {
    throw new TunixError("E_USAGE", {
      field: "format.trace",
      expected: Object.keys(TRACE_FORMATS).join(" | "),
      found: JSON.stringify(name),
    });
  }
  return f;
}
