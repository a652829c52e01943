// The bytes of `datasets/<name>.lock.json`. Stable JSON (keys sorted, `schemaVersion` first,
// 2-space indent) except that each split entry sits on one line, `{"id":"…","hash":"…"}`: a lock of a
// million traces stays ~50 MB instead of ~80, is built without a second copy of every entry, and a
// git diff of a lock shows one line per trace added or removed.
//
//   writeLockFile(root, "demo", lock);
//   readLockBytes(root, "demo")?.equals(formatLock(lock)) // fresh?
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { outputPathInRepo, pathInRepo } from "../io/confine.ts";
import { sha256, stableStringify } from "../io/json.ts";
import type { DatasetLock } from "../schemas/lock.ts";
import { datasetPaths } from "./manifest.ts";

const MARKER = "\u0000splits\u0000";
const SCRATCH_BYTES = 1 << 16;

/**
 * The split entries of a lock, by position: either the lock's own arrays (`entriesOf`) or a view
 * of the build's columns, so a big lock can be written and checked without an object per entry.
 */
export interface LockEntries {
  size(split: string): number;
  id(split: string, k: number): string;
  hash(split: string, k: number): string;
}

export function entriesOf(lock: DatasetLock): LockEntries {
  return {
    size: (split) => lock.splits[split].length,
    id: (split, k) => lock.splits[split][k].id,
    hash: (split, k) => lock.splits[split][k].hash,
  };
}

/**
 * Fields of a lock derived from its entries (statistics added after runs were committed, such as
 * contamination counts). They are not part of the dataset's identity: `lockIdentityHash` leaves
 * them out, so adding a statistic to locks changes no run id and breaks no run's provenance.
 */
export const DERIVED_LOCK_KEYS: readonly string[] = Object.freeze(["contamination"]);

/** sha256 of the lock's bytes without its derived fields — equal to the file's sha256 for a lock
 * that has none, so run ids made before any statistic existed stay what they were. */
export function lockIdentityHash(bytes: Uint8Array): string {
  const raw = JSON.parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
  if (!DERIVED_LOCK_KEYS.some((k) => k in raw)) return sha256(bytes);
  const core = { ...raw };
  for (const k of DERIVED_LOCK_KEYS) delete core[k];
  return sha256(formatLock(core as unknown as DatasetLock));
}

/** The lock file's bytes. `lock.splits` gives the split names; `entries` their contents. */
export function formatLock(lock: DatasetLock, entries = entriesOf(lock)): Buffer {
  let size = 0;
  emitLock(lock, entries, (b) => {
    size += b.length;
  });
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  emitLock(lock, entries, (b) => {
    pos += b.copy(out, pos);
  });
  return out;
}

/** Does `bytes` equal formatLock(lock)? Compares piece by piece, without building the lock's bytes. */
export function lockBytesEqual(lock: DatasetLock, bytes: Uint8Array, entries = entriesOf(lock)): boolean {
  let pos = 0;
  let same = true;
  emitLock(lock, entries, (b) => {
    if (same && (pos + b.length > bytes.length || b.compare(bytes, pos, pos + b.length) !== 0)) same = false;
    pos += b.length;
  });
  return same && pos === bytes.length;
}

/**
 * Writes the lock's bytes to `sink` in pieces (a reused scratch buffer: the sink must copy what it
 * keeps). Split entries need no JSON escaping: ids match schemas/trace.ts TRACE_ID, hashes are hex.
 */
function emitLock(lock: DatasetLock, entries: LockEntries, sink: (piece: Buffer) => void): void {
  const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  let pos = 0;
  const flush = () => {
    if (pos > 0) sink(scratch.subarray(0, pos));
    pos = 0;
  };
  /** `ascii`: the caller knows the text is ASCII, so its length is its byte length. */
  const put = (text: string, ascii = false) => {
    const n = ascii ? text.length : Buffer.byteLength(text);
    if (n > SCRATCH_BYTES / 2) {
      flush();
      sink(Buffer.from(text));
      return;
    }
    if (pos + n > SCRATCH_BYTES) flush();
    pos += scratch.write(text, pos, ascii ? "latin1" : "utf8");
  };
  const text = `${stableStringify({ ...lock, splits: MARKER }, 2)}\n`;
  const at = text.indexOf(JSON.stringify(MARKER));
  put(text.slice(0, at));
  const names = Object.keys(lock.splits).sort();
  if (names.length === 0) put("{}", true);
  names.forEach((name, k) => {
    const n = entries.size(name);
    put(`${k === 0 ? "{\n" : ""}    ${JSON.stringify(name)}: [${n ? "\n" : ""}`);
    for (let i = 0; i < n; i++) {
      put('      {"id":"', true);
      put(entries.id(name, i), true);
      put('","hash":"', true);
      put(entries.hash(name, i), true);
      put(i === n - 1 ? '"}\n' : '"},\n', true);
    }
    put(`${n ? "    " : ""}]${k === names.length - 1 ? "\n  }" : ",\n"}`);
  });
  put(text.slice(at + JSON.stringify(MARKER).length));
  flush();
}

export function writeLockFile(
  root: string,
  name: string,
  lock: DatasetLock,
  entries = entriesOf(lock),
): void {
  const file = datasetPaths(name).lock;
  writeFileAtomic(outputPathInRepo(root, file, { field: "dataset", file }), formatLock(lock, entries));
}

export function lockFileExists(root: string, name: string): boolean {
  return existsSync(path.join(root, datasetPaths(name).lock));
}

/** The lock file's bytes, or undefined when it does not exist. */
export function readLockBytes(root: string, name: string): Buffer | undefined {
  try {
    const file = datasetPaths(name).lock;
    return readFileSync(pathInRepo(root, file, { field: "dataset", file }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
