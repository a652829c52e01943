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
import { createReadStream } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Problem } from "../errors.ts";
import { TRACE_ID, Trace } from "../schemas/trace.ts";
import { sha256, stableStringify } from "./json.ts";
import { issuesToProblems } from "./read.ts";

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
    for await (const batch of lineBatches(path.join(root, file))) {
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
    for await (const batch of lineBatches(path.join(root, file))) {
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

/** Lines of a file, one array per read chunk; `firstLine` is the 1-based number of `lines[0]`. */
export async function* lineBatches(
  file: string,
  chunkBytes = 1 << 20,
): AsyncGenerator<{ firstLine: number; lines: string[] }> {
  let rest = "";
  let next = 1;
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: chunkBytes });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest.length ? rest + chunk : chunk;
    const lines: string[] = [];
    let start = 0;
    let nl = text.indexOf("\n");
    while (nl !== -1) {
      lines.push(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    rest = text.slice(start);
    if (lines.length) yield { firstLine: next, lines };
    next += lines.length;
  }
  if (rest.length > 0) yield { firstLine: next, lines: [rest.endsWith("\r") ? rest.slice(0, -1) : rest] };
}

/** One line of a trace file → the trace, or undefined after reporting why not (blank lines: undefined, silently). */
export function checkTraceLine(
  text: string,
  file: string,
  line: number,
  onProblem: (p: Problem) => void,
): Trace | undefined {
  if (isBlank(text)) return undefined;
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
  if (fastPathOn() && isPlainTrace(value)) return value as Trace;
  const parsed = Trace.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const p of issuesToProblems(parsed.error.issues, file, value, undefined, line)) onProblem(p);
  return undefined;
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
export const TRACE_SCHEMA_FINGERPRINT = "bdc04f9ec4046fc7c577f022f7ae7b0d2b2d3013380fff64ca2b9b42afb0ea57";

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
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** True only for values the Trace schema accepts unchanged; false means "ask zod". */
export function isPlainTrace(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const k in v) if (!TRACE_KEYS.has(k)) return false;
  if (v.schemaVersion !== 1) return false;
  if (typeof v.id !== "string" || !TRACE_ID.test(v.id)) return false;
  if (typeof v.source !== "string" || !SOURCE.test(v.source)) return false;
  if (!isText(v.prompt) || !isText(v.answer)) return false;
  if (!Array.isArray(v.steps)) return false;
  for (const s of v.steps) if (!isPlainStep(s)) return false;
  if (v.category !== undefined && !isText(v.category)) return false;
  if (v.difficulty !== undefined) {
    const d = v.difficulty;
    if (typeof d !== "number" || !Number.isInteger(d) || d < 1 || d > 10) return false;
  }
  if (v.tags !== undefined) {
    if (!Array.isArray(v.tags)) return false;
    for (const t of v.tags) if (!isText(t)) return false;
  }
  if (v.meta !== undefined && (!isObject(v.meta) || Object.hasOwn(v.meta, "__proto__"))) return false;
  return true;
}

function isPlainStep(s: unknown): boolean {
  if (!isObject(s)) return false;
  for (const k in s) if (k !== "text" && k !== "kind" && k !== "calc") return false;
  if (!isText(s.text)) return false;
  if (s.kind !== undefined && !(typeof s.kind === "string" && STEP_KINDS.has(s.kind))) return false;
  if (s.calc !== undefined) {
    if (!Array.isArray(s.calc)) return false;
    for (const c of s.calc) {
      if (!isObject(c) || typeof c.expr !== "string" || typeof c.result !== "string") return false;
      for (const k in c) if (k !== "expr" && k !== "result") return false;
    }
  }
  return true;
}
