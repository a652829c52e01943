// Streaming line reader for JSONL files: bounded memory however big the file is, with 1-based line
// numbers for error messages. Faster than node:readline (one chunk split per 1 MiB read).
import { createReadStream } from "node:fs";

export interface Line {
  /** 1-based line number. */
  line: number;
  text: string;
}

export async function* readLines(file: string, chunkBytes = 1 << 20): AsyncGenerator<Line> {
  let rest = "";
  let lineNo = 0;
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: chunkBytes });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
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

export async function* readJsonl(file: string): AsyncGenerator<JsonLine> {
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === "") continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (err) {
      yield { line, error: (err as Error).message };
    }
  }
}
