// Strict UTF-8 for every text file the pipeline reads: bytes that are not UTF-8, and a byte order
// mark at the start, are refused with `file:line` instead of being turned silently into U+FFFD (a
// reviewer would read one text while the pipeline reads another). The check is node:buffer's
// `isUtf8` (simdutf) on each chunk of whole lines, so it costs next to nothing.
//
//   const text = readUtf8(abs, "configs/runs/tiny.yaml");                 // whole file
//   for await (const { firstLine, text } of utf8LineChunks(abs, rel)) …   // 1 MiB of whole lines at a time
import { isUtf8 } from "node:buffer";
import { createReadStream, readFileSync } from "node:fs";
import { TunixError } from "../errors.ts";

/** The file's text; E_NOT_FOUND when missing, E_ENCODING for a BOM or bytes that are not UTF-8. */
export function readUtf8(file: string, display = file, hint?: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    throw new TunixError("E_NOT_FOUND", { file: display, message: "file not found", hint });
  }
  checkUtf8(buf, display, 1, true);
  return buf.toString("utf8");
}

/**
 * The file as chunks of whole lines (the last chunk may end without a newline), each checked:
 * `firstLine` is the 1-based number of the chunk's first line.
 */
export async function* utf8LineChunks(
  file: string,
  display = file,
  chunkBytes = 1 << 20,
): AsyncGenerator<{ firstLine: number; text: string }> {
  let rest: Buffer | undefined;
  let line = 1;
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    const cut = buf.lastIndexOf(10) + 1; // a newline byte never sits inside a UTF-8 sequence
    if (cut === 0) {
      rest = buf;
      continue;
    }
    const whole = buf.subarray(0, cut);
    checkUtf8(whole, display, line, first);
    first = false;
    rest = cut < buf.length ? buf.subarray(cut) : undefined;
    const text = whole.toString("utf8");
    yield { firstLine: line, text };
    line += countNewlines(whole);
  }
  if (rest?.length) {
    checkUtf8(rest, display, line, first);
    yield { firstLine: line, text: rest.toString("utf8") };
  }
}

/** Throw E_ENCODING for a leading BOM (when `atStart`) or the first line that is not UTF-8. */
export function checkUtf8(buf: Uint8Array, file: string, firstLine: number, atStart: boolean): void {
  if (atStart && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    throw new TunixError("E_ENCODING", {
      file,
      line: 1,
      message: "the file starts with a byte order mark (U+FEFF)",
      hint: "save it as UTF-8 without a BOM",
    });
  }
  if (isUtf8(buf)) return;
  let start = 0;
  let line = firstLine;
  for (;;) {
    const nl = buf.indexOf(10, start);
    const end = nl === -1 ? buf.length : nl;
    const bytes = buf.subarray(start, end);
    if (!isUtf8(bytes)) {
      const at = firstBadByte(bytes);
      throw new TunixError("E_ENCODING", {
        file,
        line,
        message: `not valid UTF-8: byte 0x${bytes[at].toString(16).padStart(2, "0")} at byte ${at + 1} of the line`,
        hint: "save the file as UTF-8 (the pipeline never guesses another encoding)",
      });
    }
    if (nl === -1) return;
    start = nl + 1;
    line++;
  }
}

/** Index of the first byte that starts an invalid UTF-8 sequence (error path only). */
function firstBadByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n =
      c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length || !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return Math.max(0, b.length - 1);
}

function countNewlines(buf: Uint8Array): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}
