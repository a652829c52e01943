// Streaming reader of trace files: yields each valid trace with its file and line, and reports
// every bad line (bad JSON, schema errors, unknown keys) as a Problem. Bounded memory: one 1 MiB
// chunk of lines at a time.
//
//   for await (const { trace, file, line } of readTraces(root, files, (p) => problems.push(p))) …
//   await scanTraces(root, files, (trace, fileIndex, line) => …, onProblem) // no promise per trace
//
// Speed: most lines are valid, so each parsed line first goes through `isPlainTrace`, a hand-written
// check that accepts only values the zod schema surely accepts; anything else goes through zod,
// which gives the exact issues. The fast path is switched off by itself when the Trace schema
// changes (its JSON Schema fingerprint no longer matches), so it can never accept a bad trace.
// Strict input: bytes that are not UTF-8 or a BOM stop the read with `file:line` (io/utf8.ts); a line
// over TRACE_LIMITS.traceChars and a line with a duplicated key (io/json-keys.ts) are problems.
import path from "node:path";
import { z } from "zod";
import { type Problem, TunixError } from "../errors.ts";
import { TRACE_ID, TRACE_LIMITS, Trace } from "../schemas/trace.ts";
import { sha256, stableStringify } from "./json.ts";
import { duplicateKeyOf } from "./json-keys.ts";
import { issuesToProblems } from "./read.ts";
import { utf8LineChunks } from "./utf8.ts";

export interface TraceAt {
  trace: Trace;
  /** Repository-relative file. */
  file: string;
  line: number;
}

/** Read traces from repo-relative files in order. `onProblem` receives each bad line. */
export async function* readTraces(
  root: string,
  files: string[],
  onProblem: (p: Problem) => void,
): AsyncGenerator<TraceAt> {
  for (const file of files) {
    for await (const batch of checkedBatches(root, file, onProblem)) {
      const out: TraceAt[] = [];
      for (let i = 0; i < batch.lines.length; i++) {
        const line = batch.firstLine + i;
        const trace = checkTraceLine(batch.lines[i], file, line, onProblem);
        if (trace) out.push({ trace, file, line });
      }
      yield* out;
    }
  }
}

/**
 * The same as `readTraces` in callback form: `visit(trace, fileIndex, line)` for every valid trace,
 * `onChunk(file, lines)` after each chunk with its number of non-blank lines (for progress).
 * Returns the number of non-blank lines of all files.
 */
export async function scanTraces(
  root: string,
  files: string[],
  visit: (trace: Trace, fileIndex: number, line: number) => void,
  onProblem: (p: Problem) => void,
  onChunk?: (file: string, lines: number) => void,
): Promise<number> {
  let count = 0;
  for (let f = 0; f < files.length; f++) {
    const file = files[f];
    for await (const batch of checkedBatches(root, file, onProblem)) {
      let lines = 0;
      for (let i = 0; i < batch.lines.length; i++) {
        const text = batch.lines[i];
        if (isBlank(text)) continue;
        lines++;
        const trace = checkTraceLine(text, file, batch.firstLine + i, onProblem);
        if (trace) visit(trace, f, batch.firstLine + i);
      }
      count += lines;
      onChunk?.(file, lines);
    }
  }
  return count;
}

/** lineBatches of a repo file; bytes that are not UTF-8 (or a BOM) are one problem, and the rest of the file is skipped. */
async function* checkedBatches(root: string, file: string, onProblem: (p: Problem) => void) {
  try {
    yield* lineBatches(path.join(root, file), undefined, file);
  } catch (err) {
    if (!(err instanceof TunixError) || err.code !== "E_ENCODING") throw err;
    for (const p of err.problems)
      onProblem({ ...p, message: `${p.message}; the rest of the file was not read` });
  }
}

/**
 * Lines of a file, one array per read chunk; `firstLine` is the 1-based number of `lines[0]`. Bytes
 * that are not UTF-8, or a BOM, throw E_ENCODING naming `display` and the line.
 */
export async function* lineBatches(
  file: string,
  chunkBytes = 1 << 20,
  display = file,
): AsyncGenerator<{ firstLine: number; lines: string[] }> {
  for await (const { firstLine, text } of utf8LineChunks(file, display, chunkBytes)) {
    const lines: string[] = [];
    let start = 0;
    let nl = text.indexOf("\n");
    while (nl !== -1) {
      lines.push(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    if (start < text.length) {
      const rest = text.slice(start);
      lines.push(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
    }
    if (lines.length) yield { firstLine, lines };
  }
}

/** One line of a trace file → the trace, or undefined after reporting why not (blank lines: undefined, silently). */
export function checkTraceLine(
  text: string,
  file: string,
  line: number,
  onProblem: (p: Problem) => void,
): Trace | undefined {
  if (isBlank(text)) return undefined;
  if (text.length > TRACE_LIMITS.traceChars) {
    onProblem({
      file,
      line,
      message: `the trace is ${text.length.toLocaleString("en-US")} characters long, over the limit of ${TRACE_LIMITS.traceChars.toLocaleString("en-US")} per trace`,
      hint: "shorten it (see content/docs/limits-and-safety.md for every size limit)",
    });
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    onProblem({
      file,
      line,
      message: `invalid JSON: ${jsonLineError((err as Error).message)}`,
      hint: "each line must be one JSON object",
    });
    return undefined;
  }
  const dup = duplicateKeyOf(text, value);
  if (dup) {
    onProblem({ file, line, ...duplicateProblem(dup) });
    return undefined;
  }
  if (fastPathOn() && isPlainTrace(value)) return value as Trace;
  const parsed = Trace.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const p of issuesToProblems(parsed.error.issues, file, value, undefined, line)) onProblem(p);
  return undefined;
}

/** A duplicated JSON key as a problem (without file and line). */
export function duplicateProblem(dup: { key: string; field: string; column: number }) {
  return {
    field: dup.field,
    message: `duplicate key ${JSON.stringify(dup.key)} at column ${dup.column}`,
    hint: "JSON keeps only the last value, so readers may disagree on which one counts; keep one",
  };
}

/** V8's JSON.parse message for one line: `… in JSON at position 7 (line 1 column 8)` → `… at column 8`. */
export function jsonLineError(message: string): string {
  return message.replace(/ in JSON at position \d+ \(line 1 column (\d+)\)/, " at column $1");
}

function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  return (c <= 32 || c >= 0x80) && text.trim() === "";
}

/**
 * sha256 of the Trace schema's JSON Schema that `isPlainTrace` was written against. When the schema
 * changes this no longer matches, the fast path turns off and trace-reader.test.ts fails until
 * `isPlainTrace` is brought in line and this value updated.
 */
export const TRACE_SCHEMA_FINGERPRINT = "8f715ba2f9ee9436a351dd98f2b1294a87f61744fcd99b9946221626cb72e9b4";

let fastPath: boolean | undefined;

/** Is the fast pre-check in use (the Trace schema is the one it was written for)? */
export function fastPathOn(): boolean {
  fastPath ??= traceSchemaFingerprint() === TRACE_SCHEMA_FINGERPRINT;
  return fastPath;
}

export function traceSchemaFingerprint(): string {
  return sha256(stableStringify(z.toJSONSchema(Trace, { io: "input", unrepresentable: "any" })));
}

const TRACE_KEYS = new Set([
  "schemaVersion",
  "id",
  "source",
  "prompt",
  "steps",
  "answer",
  "category",
  "difficulty",
  "tags",
  "meta",
]);
const STEP_KINDS = new Set(["reason", "calc", "check", "note"]);
const SOURCE = /^[a-z0-9][a-z0-9._/-]*$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string =>
  typeof v === "string" && v.length > 0 && v.length <= max;
const L = TRACE_LIMITS;

/** True only for values the Trace schema accepts unchanged; false means "ask zod". */
export function isPlainTrace(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const k in v) if (!TRACE_KEYS.has(k)) return false;
  if (v.schemaVersion !== 1) return false;
  if (typeof v.id !== "string" || !TRACE_ID.test(v.id)) return false;
  if (typeof v.source !== "string" || !SOURCE.test(v.source)) return false;
  if (!isText(v.prompt, L.promptChars) || !isText(v.answer, L.answerChars)) return false;
  if (v.source.length > L.labelChars) return false;
  if (!Array.isArray(v.steps) || v.steps.length > L.steps) return false;
  for (const s of v.steps) if (!isPlainStep(s)) return false;
  if (v.category !== undefined && !isText(v.category, L.labelChars)) return false;
  if (v.difficulty !== undefined) {
    const d = v.difficulty;
    if (typeof d !== "number" || !Number.isInteger(d) || d < 1 || d > 10) return false;
  }
  if (v.tags !== undefined) {
    if (!Array.isArray(v.tags) || v.tags.length > L.tags) return false;
    for (const t of v.tags) if (!isText(t, L.labelChars)) return false;
  }
  if (v.meta !== undefined && (!isObject(v.meta) || Object.hasOwn(v.meta, "__proto__"))) return false;
  return true;
}

function isPlainStep(s: unknown): boolean {
  if (!isObject(s)) return false;
  for (const k in s) if (k !== "text" && k !== "kind" && k !== "calc") return false;
  if (!isText(s.text, L.stepChars)) return false;
  if (s.kind !== undefined && !(typeof s.kind === "string" && STEP_KINDS.has(s.kind))) return false;
  if (s.calc !== undefined) {
    if (!Array.isArray(s.calc) || s.calc.length > L.calcPerStep) return false;
    for (const c of s.calc) {
      if (!isObject(c) || typeof c.expr !== "string" || typeof c.result !== "string") return false;
      if (c.expr.length > L.labelChars || c.result.length > L.labelChars) return false;
      for (const k in c) if (k !== "expr" && k !== "result") return false;
    }
  }
  return true;
}
