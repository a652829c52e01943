// Importing external rows as traces: `importTraces(root, file, opts)` reads a JSONL file, converts
// each row with one format of the frozen IMPORT_FORMATS registry, checks every result against the
// Trace schema, merges with the out file (merge.ts: idempotent, stable order) and writes it atomically
// as stable JSON lines. Strict by default: one bad row and nothing is written (TunixError E_IMPORT
// listing every bad row as `file:line: field: expected …, found …`); `lenient` writes the valid rows
// and reports the skipped ones in `problems`.
//
//   const report = await importTraces(root, "../shared/data/gsm8k/train.jsonl",
//     { format: "gsm8k", out: "traces/gsm8k/train.jsonl" });
//   report.imported, report.duplicates, report.skipped

import { existsSync } from "node:fs";
import path from "node:path";
import { type Problem, TunixError } from "../../errors.ts";
import { writeJsonlAtomic } from "../../io/atomic.ts";
import { holdLock } from "../../io/file-lock.ts";
import { readJsonl } from "../../io/lines.ts";
import { issuesToProblems } from "../../io/read.ts";
import { relPath } from "../../io/repo.ts";
import { readTraces } from "../../io/trace-reader.ts";
import { Trace } from "../../schemas/trace.ts";
import { GSM8K_FORMAT } from "./gsm8k.ts";
import { JSONL_FORMAT, parseFieldMap } from "./jsonl-map.ts";
import { createMerger } from "./merge.ts";
import { MESSAGES_FORMAT } from "./messages.ts";
import type { ImportFormat } from "./types.ts";

export const IMPORT_FORMATS: Readonly<Record<string, ImportFormat>> = Object.freeze({
  gsm8k: GSM8K_FORMAT,
  jsonl: JSONL_FORMAT,
  messages: MESSAGES_FORMAT,
});

export interface ImportOptions {
  /** A key of IMPORT_FORMATS. */
  format: string;
  /** Out file, relative to root (or absolute); must be `traces/**.jsonl`. */
  out: string;
  /** Provenance; default: the out path inside `traces/` without `.jsonl` (`gsm8k/train`). */
  source?: string;
  /** Field mapping for the `jsonl` format, `prompt=question,answer=final,…`. */
  map?: string;
  /** Write the valid rows and report the bad ones instead of failing. Default false. */
  lenient?: boolean;
  /** How the input file is named in messages; default: its path relative to root (or as given when outside). */
  label?: string;
  /** Called after each row with the number of rows read so far. */
  onProgress?: (rowsRead: number) => void;
}

export interface ImportReport {
  format: string;
  source: string;
  /** The input file as shown in messages. */
  file: string;
  /** Repository-relative out file. */
  out: string;
  /** Rows read (non-blank lines). */
  read: number;
  /** New traces added to the out file. */
  imported: number;
  /** Rows whose trace was already present (same id and content, or same content hash). */
  duplicates: number;
  /** Invalid rows skipped (lenient mode only; strict mode throws instead). */
  skipped: number;
  /** Traces in the out file before the import. */
  existing: number;
  /** Traces in the out file after the import. */
  total: number;
  /** Was the out file (re)written? False when nothing was new. */
  written: boolean;
  /** One or more problems per skipped row. */
  problems: Problem[];
}

export function getImportFormat(name: string): ImportFormat {
  const f = IMPORT_FORMATS[name];
  if (!f) {
    throw new TunixError("E_USAGE", {
      field: "--format",
      expected: Object.keys(IMPORT_FORMATS).join(" | "),
      found: JSON.stringify(name),
    });
  }
  return f;
}

/** `traces/gsm8k/train.jsonl` → `gsm8k/train`, lower-cased, other characters replaced by `-`. */
export function deriveSource(outRel: string): string {
  return outRel
    .replace(/^traces\//, "")
    .replace(/\.jsonl$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9._/-]/g, "-")
    .replace(/^[^a-z0-9]+/, "");
}

export async function importTraces(root: string, file: string, opts: ImportOptions): Promise<ImportReport> {
  const format = getImportFormat(opts.format);
  if (opts.map !== undefined && !format.usesMap) {
    throw new TunixError("E_USAGE", {
      field: "--map",
      message: `only the jsonl format reads --map, not ${format.name}`,
    });
  }
  const map = format.usesMap ? parseFieldMap(opts.map) : {};
  const out = relPath(root, opts.out);
  if (!/^traces\/.+\.jsonl$/.test(out)) {
    throw new TunixError("E_USAGE", {
      field: "--out",
      expected: "a .jsonl file inside traces/",
      found: JSON.stringify(opts.out),
      hint: "e.g. --out traces/gsm8k/train.jsonl",
    });
  }
  const source = opts.source ?? deriveSource(out);
  if (!/^[a-z0-9][a-z0-9._/-]*$/.test(source)) {
    throw new TunixError("E_USAGE", {
      field: "--source",
      expected: "lower-case letters, digits and . _ / -",
      found: JSON.stringify(source),
    });
  }
  const inside = relPath(root, file);
  const shown = opts.label ?? (inside.startsWith("../") ? file : inside);
  // A plain existence check; the reading itself goes through io/.
  if (!existsSync(path.resolve(root, file))) {
    throw new TunixError("E_NOT_FOUND", { file: shown, message: "file not found", hint: "check the path" });
  }

  // Read, merge and write under the out file's lock: a concurrent import waits, then merges into ours.
  using _lock = holdLock(root, path.join(root, out), { what: out });
  const existing: { trace: Trace; line: number }[] = [];
  if (existsSync(path.join(root, out))) {
    const bad: Problem[] = [];
    for await (const t of readTraces(root, [out], (p) => bad.push(p))) existing.push(t);
    if (bad.length) {
      throw new TunixError("E_SCHEMA", [
        ...bad,
        { file: out, message: "the out file holds invalid traces", hint: "fix it before importing into it" },
      ]);
    }
  }
  const merger = createMerger(existing, out);
  const problems: Problem[] = [];
  let read = 0;
  let duplicates = 0;
  let skipped = 0;
  for await (const row of readJsonl(path.resolve(root, file))) {
    const ctx = { source, row: read, map };
    read++;
    opts.onProgress?.(read);
    const rowProblems = convertLine(format, row, ctx, shown, merger);
    if (rowProblems === "duplicate") duplicates++;
    else if (rowProblems.length) {
      skipped++;
      problems.push(...rowProblems);
    }
  }
  if (skipped > 0 && !opts.lenient) {
    throw new TunixError("E_IMPORT", [
      ...problems,
      {
        message: `${skipped} of ${read} rows invalid; nothing written to ${out}`,
        hint: "fix those rows, or pass --lenient to import the valid ones",
      },
    ]);
  }
  const written = merger.addedCount() > 0;
  if (written) writeJsonlAtomic(path.join(root, out), merger.traces());
  return {
    format: format.name,
    source,
    file: shown,
    out,
    read,
    imported: merger.addedCount(),
    duplicates,
    skipped,
    existing: existing.length,
    total: merger.traces().length,
    written,
    problems,
  };
}

/** Convert, validate and merge one line: "duplicate", or its problems (empty when added). */
function convertLine(
  format: ImportFormat,
  row: { line: number; value?: unknown; error?: string },
  ctx: { source: string; row: number; map: ReturnType<typeof parseFieldMap> },
  file: string,
  merger: ReturnType<typeof createMerger>,
): "duplicate" | Problem[] {
  const line = row.line;
  if (row.error !== undefined) {
    return [{ file, line, message: `invalid JSON: ${row.error}`, hint: "each line must be one JSON object" }];
  }
  const result = format.convertRow(row.value, ctx);
  if (result.problems) return result.problems.map((p) => ({ file, line, ...p }));
  const parsed = Trace.safeParse(result.trace);
  if (!parsed.success) {
    return issuesToProblems(parsed.error.issues, file, result.trace, undefined, line).map((p) => ({
      ...p,
      field: `trace.${p.field}`,
      hint: p.hint ?? "the row converts to an invalid trace",
    }));
  }
  const verdict = merger.add(parsed.data, `${file}:${line}`);
  if (verdict === "duplicate") return "duplicate";
  return verdict === "added" ? [] : [{ file, line, ...verdict }];
}
