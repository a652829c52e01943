// Validate one spec or state file against its kind's schema: YAML and JSON files whole (problems
// carry the line of the offending key), JSONL row files line by line. Trace files have their own
// streaming path (io/trace-reader.ts). Returns the parsed value and a field-path → line lookup for
// the cross-file checks.
//
//   const checked = await checkFile(root, "configs/runs/tiny.yaml", kind, sink);
//   if (checked.value) … checked.lineOf(["dataset", "name"])

import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { TunixError } from "../errors.ts";
import { duplicateKeyOf } from "../io/json-keys.ts";
import { readJsonl } from "../io/lines.ts";
import { issuesToProblems, parseYaml } from "../io/read.ts";
import { duplicateProblem, jsonLineError, lineBatches } from "../io/trace-reader.ts";
import type { FileKind } from "../schemas/index.ts";
import type { ProblemSink } from "./problems.ts";

export type LineOf = (fieldPath: PropertyKey[]) => number | undefined;

export interface CheckedFile {
  /** The schema's output when the file is valid (YAML/JSON only). */
  value?: unknown;
  lineOf: LineOf;
  /** Rows read (JSONL only). */
  rows: number;
}

/** JSON files bigger than this are not re-parsed for line numbers (schema problems point at line 1). */
const LINE_LOOKUP_MAX_CHARS = 4 << 20;

export async function checkFile(
  root: string,
  rel: string,
  kind: FileKind,
  sink: ProblemSink,
): Promise<CheckedFile> {
  const abs = path.join(root, rel);
  if (kind.format === "jsonl")
    return { rows: await checkRows(abs, rel, kind, sink), lineOf: () => undefined };
  let text: string;
  try {
    text = await readText(abs, rel);
  } catch (err) {
    if (!(err instanceof TunixError) || err.code !== "E_ENCODING") throw err;
    for (const p of err.problems) sink.add("encoding", p);
    return { rows: 0, lineOf: () => undefined };
  }
  let value: unknown;
  let lineOf: LineOf;
  if (kind.format === "text") {
    value = text;
    lineOf = () => 1;
  } else if (kind.format === "yaml") {
    try {
      ({ value, lineOf } = parseYaml(text, rel));
    } catch (err) {
      if (!(err instanceof TunixError)) throw err;
      const lines = yamlErrorLines(text);
      err.problems.forEach((p, i) => {
        sink.add("yaml", { ...p, line: p.line ?? lines[i] });
      });
      return { rows: 0, lineOf: () => undefined };
    }
  } else {
    try {
      value = JSON.parse(text);
    } catch (err) {
      const { line, message } = describeJsonError((err as Error).message, text);
      sink.add("json", { file: rel, line, message: `invalid JSON: ${message}`, hint: "fix the JSON syntax" });
      return { rows: 0, lineOf: () => undefined };
    }
    const dup = duplicateKeyOf(text, value);
    if (dup) {
      const before = text.slice(0, dup.column - 1).split("\n");
      sink.add("json", {
        file: rel,
        line: before.length,
        ...duplicateProblem({ ...dup, column: before[before.length - 1].length + 1 }),
      });
      return { rows: 0, lineOf: () => undefined };
    }
    lineOf = jsonLineLookup(text, rel);
  }
  const parsed = kind.schema.safeParse(value);
  if (!parsed.success) {
    for (const p of issuesToProblems(parsed.error.issues, rel, value, lineOf, 1)) sink.add("schema", p);
    return { rows: 0, lineOf };
  }
  return { value: parsed.data, lineOf, rows: 0 };
}

async function checkRows(abs: string, rel: string, kind: FileKind, sink: ProblemSink): Promise<number> {
  let rows = 0;
  try {
    for await (const row of readJsonl(abs, rel)) {
      rows++;
      if (row.error !== undefined) {
        sink.add("json", {
          file: rel,
          line: row.line,
          message: `invalid JSON: ${jsonLineError(row.error)}`,
          hint: "each line must be one JSON object",
        });
        continue;
      }
      const parsed = kind.schema.safeParse(row.value);
      if (!parsed.success)
        for (const p of issuesToProblems(parsed.error.issues, rel, row.value, undefined, row.line))
          sink.add("schema", p);
    }
  } catch (err) {
    if (!(err instanceof TunixError) || err.code !== "E_ENCODING") throw err;
    for (const p of err.problems) sink.add("encoding", p);
  }
  return rows;
}

/** The whole text of a file, lines joined with `\n` (line numbers are what matter here). */
export async function readText(abs: string, display = abs): Promise<string> {
  const parts: string[] = [];
  for await (const batch of lineBatches(abs, undefined, display)) parts.push(batch.lines.join("\n"));
  return parts.join("\n");
}

/**
 * Where a JSON syntax error is, from V8's message: `… (line L column C)` when it says so; for
 * `Unexpected token 'x', ..."context"... is not valid JSON` the context is found in the text (V8
 * puts 10 characters before the bad token). The context is dropped from the message; line 1 when
 * nothing better is known.
 */
export function describeJsonError(message: string, text: string): { line: number; message: string } {
  const at = /\(line (\d+) column \d+\)/.exec(message);
  if (at) return { line: Number(at[1]), message };
  const token = /^(Unexpected token '.+?'), (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!token) return { line: 1, message };
  const start = text.indexOf(token[3]);
  const offset = start === -1 ? 0 : start + (token[2] ? 10 : 0);
  return { line: lineAt(text, offset), message: token[1] };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * Lines of a YAML text's syntax errors, in the order `parseYaml` reports them. (parseYaml parses with
 * `prettyErrors: false`, under which the yaml package sets no `linePos`, so its problems carry no
 * line; this fills them in.)
 */
function yamlErrorLines(text: string): number[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return doc.errors.map((e) => lineCounter.linePos(e.pos[0]).line);
}

/** Field path → line in a JSON text, by reading it as YAML (JSON is YAML) on first use. */
function jsonLineLookup(text: string, rel: string): LineOf {
  let lookup: LineOf | undefined;
  return (fieldPath) => {
    if (!lookup) {
      lookup = () => 1;
      if (text.length <= LINE_LOOKUP_MAX_CHARS) {
        try {
          lookup = parseYaml(text, rel).lineOf;
        } catch {
          // Not readable as YAML (e.g. tabs inside flow collections): problems point at line 1.
        }
      }
    }
    return lookup(fieldPath) ?? 1;
  };
}
