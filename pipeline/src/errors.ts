// The one error class of the project. Every expected failure (bad input, a stale lock, a missing
// file) is a TunixError with a string code; only the CLI entry catches it, prints its message and
// exits non-zero. Anything else is a bug and prints its stack.
//
//   throw new TunixError("E_SCHEMA", { file, line, field: "steps.0.text", expected: "string", found: "42", hint: "…" });

export type ErrorCode =
  | "E_USAGE" // bad command line (exit 2)
  | "E_NOT_FOUND" // a file or reference that does not exist
  | "E_JSON" // a line that is not valid JSON
  | "E_YAML" // a YAML file that does not parse
  | "E_SCHEMA" // a value that breaks its zod schema
  | "E_DUPLICATE" // an id used twice
  | "E_STALE" // a lock that no longer matches its inputs
  | "E_IMPORT" // rows that could not be imported
  | "E_VALIDATION" // one or more validation problems (see `problems`)
  | "E_STATE" // a run or file in a state that does not allow the operation
  | "E_GIT" // a git operation that failed
  | "E_GITHUB" // a GitHub API call that failed
  | "E_BACKEND" // no usable tensor backend
  | "E_RESOURCE" // a run that cannot fit this machine's memory (model plan)
  | "E_MISMATCH" // fingerprints or shapes that do not match
  | "E_PATH" // a path that leads outside the repository, or through a broken symlink (io/confine.ts)
  | "E_BUSY" // a file or run folder another process is writing (io/file-lock.ts)
  | "E_NUMERIC" // a non-finite loss or gradient during training
  | "E_ENCODING"; // a text file that is not UTF-8, or starts with a byte order mark (io/utf8.ts)

export interface Problem {
  file?: string;
  line?: number;
  field?: string;
  expected?: string;
  found?: string;
  message?: string;
  hint?: string;
}

/** `path:line: field: expected …, found … (hint)` — the one format every error uses. */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ""}: ` : "";
  const field = p.field ? `${p.field}: ` : "";
  const parts: string[] = [];
  if (p.message) parts.push(p.message);
  if (p.expected !== undefined || p.found !== undefined) {
    parts.push(`expected ${p.expected ?? "?"}, found ${p.found ?? "?"}`);
  }
  const hint = p.hint ? ` (${p.hint})` : "";
  return `${where}${field}${parts.join(": ")}${hint}`;
}

export class TunixError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  readonly exitCode: number;

  constructor(code: ErrorCode, detail: Problem | Problem[] | string) {
    const problems =
      typeof detail === "string" ? [{ message: detail }] : Array.isArray(detail) ? detail : [detail];
    super(problems.map(formatProblem).join("\n"));
    this.name = "TunixError";
    this.code = code;
    this.problems = problems;
    this.exitCode = code === "E_USAGE" ? 2 : 1;
  }
}

/** Short printable form of any value, for the "found" part of a message. */
export function describeValue(v: unknown, max = 60): string {
  let s: string;
  if (v === undefined) return "nothing";
  if (typeof v === "string") s = JSON.stringify(v);
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
