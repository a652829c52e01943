// Streaming line reader for JSONL files: bounded memory however big the file is, with 1-based line
// numbers for error messages. Faster than node:readline (one chunk split per 1 MiB read). Strict:
// bytes that are not UTF-8 or a BOM throw E_ENCODING (io/utf8.ts); a duplicated key is a bad line.
import { duplicateKeyOf } from "./json-keys.ts";
import { utf8LineChunks } from "./utf8.ts";

export interface Line {
  /** 1-based line number. */
  line: number;
  text: string;
}

export async function* readLines(file: string, chunkBytes = 1 << 20, display = file): AsyncGenerator<Line> {
  let rest = "";
  let lineNo = 0;
  for await (const chunk of utf8LineChunks(file, display, chunkBytes)) {
    const text = rest + chunk.text;
    let start = 0;
    let nl = text.indexOf("\n", start);
    while (nl !== -1) {
      lineNo++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { line: lineNo, text: text.slice(start, end) };
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) {
    lineNo++;
    yield { line: lineNo, text: rest.endsWith("\r") ? rest.slice(0, -1) : rest };
  }
}

/** Parsed JSON objects of a JSONL file; blank lines are skipped, bad JSON is reported by the caller. */
export type JsonLine =
  | { line: number; value: unknown; error?: undefined }
  | { line: number; value?: undefined; error: string };

export async function* readJsonl(file: string, display = file): AsyncGenerator<JsonLine> {
  for await (const { line, text } of readLines(file, undefined, display)) {
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, error: (err as Error).message };
      continue;
    }
    const dup = duplicateKeyOf(text, value);
    if (dup) yield { line, error: `duplicate key ${JSON.stringify(dup.key)} at column ${dup.column}` };
    else yield { line, value };
  }
}
