// Atomic writes: write a temp file beside the target, fsync, rename. A reader sees the old file or
// the new one, never half of one; a crash leaves at most a stray `.tmp-*` file, never a torn target.

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { stableStringify } from "./json.ts";

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${randomBytes(6).toString("hex")}`);
  const fd = openSync(tmp, "w");
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/** Pretty JSON (2-space indent, stable keys, trailing newline). */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${stableStringify(value, 2)}\n`);
}

/** JSONL: one stable JSON object per line. */
export function writeJsonlAtomic(file: string, rows: Iterable<unknown>): void {
  const parts: string[] = [];
  for (const row of rows) parts.push(stableStringify(row));
  writeFileAtomic(file, parts.length ? `${parts.join("\n")}\n` : "");
}
