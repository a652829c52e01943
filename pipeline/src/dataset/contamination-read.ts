// Reading questions for the contamination checks (contamination-scan.ts) without an object per
// trace: the prompts of given rows of a build's table, file by file in line order (rows are
// numbered in read order, so sorting them sorts by file and line), and the items of a dataset or
// JSONL file given to --against.
//
//   await forEachPrompt(root, table, rows, (row, prompt) => …);
//   const items = await readAgainst(root, "bench.jsonl");   // [{ id, question }]
import path from "node:path";
import { TunixError } from "../errors.ts";
import { fileExists } from "../io/files.ts";
import { readJsonl } from "../io/lines.ts";
import { relPath } from "../io/repo.ts";
import { lineBatches } from "../io/trace-reader.ts";
import type { CandidateTable } from "./collect.ts";
import { listDatasetNames } from "./manifest.ts";
import { resolveDataset } from "./resolve.ts";

/**
 * Calls `visit(row, prompt)` for every row, reading only their lines. The build that made the table
 * validated those lines; the prompt is taken straight from the text when `"prompt":` occurs once
 * (it can then only be the top-level key: quotes inside JSON strings are escaped), else by JSON.parse.
 */
export async function forEachPrompt(
  root: string,
  t: CandidateTable,
  rows: ArrayLike<number>,
  visit: (row: number, prompt: string) => void,
): Promise<void> {
  const sorted = Uint32Array.from(rows).sort();
  let next = 0;
  while (next < sorted.length) {
    const fileIdx = t.fileIdx[sorted[next]];
    const file = t.files[fileIdx];
    for await (const batch of lineBatches(path.join(root, file))) {
      const last = batch.firstLine + batch.lines.length;
      while (next < sorted.length && t.fileIdx[sorted[next]] === fileIdx && t.line[sorted[next]] < last) {
        const row = sorted[next++];
        visit(row, promptOf(batch.lines[t.line[row] - batch.firstLine]));
      }
      if (next === sorted.length || t.fileIdx[sorted[next]] !== fileIdx) break;
    }
    if (next < sorted.length && t.fileIdx[sorted[next]] === fileIdx) {
      throw new TunixError("E_STALE", {
        file,
        message: "the file changed while its questions were being read",
        hint: "run the command again",
      });
    }
  }
}

const KEY = '"prompt":';

function promptOf(text: string): string {
  const at = text.indexOf(KEY);
  if (at !== -1 && text.indexOf(KEY, at + KEY.length) === -1) {
    let start = at + KEY.length;
    while (text[start] === " ") start++;
    if (text[start] === '"') {
      let end = start + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      return JSON.parse(text.slice(start, end + 1)) as string;
    }
  }
  return (JSON.parse(text) as { prompt: string }).prompt;
}

/** The items of another dataset (every split) or of a JSONL file (`prompt` or `question` per row). */
export async function readAgainst(
  root: string,
  against: string,
): Promise<{ id: string; question: string }[]> {
  if (listDatasetNames(root).includes(against)) {
    const other = await resolveDataset(root, against);
    const rows = [...other.splits.values()].flatMap((r) => [...r]);
    const out: { id: string; question: string }[] = [];
    await forEachPrompt(root, other.table, rows, (row, question) => {
      out.push({ id: other.table.ids.get(row), question });
    });
    return out;
  }
  const file = path.resolve(root, against);
  const shown = relPath(root, file).startsWith("../") ? against : relPath(root, file);
  if (!fileExists(file)) {
    throw new TunixError("E_NOT_FOUND", {
      field: "--against",
      expected: "a dataset name (datasets/<name>.yaml) or a JSONL file",
      found: JSON.stringify(against),
      hint: `datasets: ${listDatasetNames(root).join(", ") || "none"}`,
    });
  }
  const out: { id: string; question: string }[] = [];
  for await (const row of readJsonl(file)) {
    const v = row.value as Record<string, unknown> | undefined;
    const question =
      typeof v?.prompt === "string" ? v.prompt : typeof v?.question === "string" ? v.question : undefined;
    if (row.error !== undefined || question === undefined) {
      throw new TunixError("E_SCHEMA", {
        file: shown,
        line: row.line,
        field: "prompt",
        expected: "a JSON object with a string `prompt` (a trace) or `question`",
        found: row.error ?? JSON.stringify(v).slice(0, 80),
      });
    }
    out.push({ id: typeof v?.id === "string" ? v.id : `${shown}:${row.line}`, question });
  }
  return out;
}
