// Inter-process locks for files and folders that several processes may write at once (trace files
// being imported into, dataset locks, run folders, registries such as configs/models.yaml). A lock
// is a file created with O_EXCL under `<root>/.cache/tunix-rt/locks/` (git-ignored; never inside a
// data folder, so `validate` and `publish` never see one), holding the owner's pid, host and command.
// A lock whose owner died on this host is taken over; a live one is waited for (`waitMs`), then
// refused with E_BUSY naming the owner. Locks are re-entrant within one process.
//
//   await withFileLock(root, "traces/gsm8k/train.jsonl", async () => { read, merge, write });
//   using lock = holdLock(root, "runs/tiny-1a2b3c4d", { waitMs: 0 });   // held to the end of the block
//   updateFileLocked(root, "configs/models.yaml", (old) => next(old));   // read + re-check + atomic write
import { randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { writeFileAtomic } from "./atomic.ts";
import { sha256 } from "./json.ts";
import { relPath } from "./repo.ts";

export const LOCK_DIR = ".cache/tunix-rt/locks";

export interface LockOptions {
  /** How long to wait for another process's lock before E_BUSY (default 60 s; 0 = refuse at once). */
  waitMs?: number;
  /** What is being written, for the message (default: the target's repository-relative path). */
  what?: string;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
  command: string;
}

const held = new Map<string, number>();

/** Take the lock of `target` (a path inside root), waiting up to `waitMs`; returns its release. */
export function acquireLock(root: string, target: string, opts: LockOptions = {}): () => void {
  const file = lockFileOf(root, target);
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  for (let delay = 10; ; delay = Math.min(250, delay * 2)) {
    const got = tryLock(file);
    if (got === true) return releaser(file);
    if (Date.now() >= deadline) throw busyError(root, target, file, got, opts.what);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
  }
}

/** The lock of `target` for the rest of the enclosing block: `using lock = holdLock(root, target);`. */
export function holdLock(root: string, target: string, opts: LockOptions = {}): Disposable {
  const release = acquireLock(root, target, opts);
  return { [Symbol.dispose]: release };
}

/** Run `work` holding the lock of `target`; the lock is released however `work` ends. */
export async function withFileLock<T>(
  root: string,
  target: string,
  work: () => Promise<T> | T,
  opts: LockOptions = {},
): Promise<T> {
  const file = lockFileOf(root, target);
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  let release: (() => void) | undefined;
  for (let delay = 10; !release; delay = Math.min(250, delay * 2)) {
    const got = tryLock(file);
    if (got === true) release = releaser(file);
    else if (Date.now() >= deadline) throw busyError(root, target, file, got, opts.what);
    else await new Promise((resolve) => setTimeout(resolve, delay));
  }
  try {
    return await work();
  } finally {
    release();
  }
}

/**
 * Read-modify-write of a shared file under its lock: `update` gets the current text (undefined when
 * the file does not exist) as it is now, re-read inside the lock, and returns the new text (or
 * undefined to leave the file alone), written atomically.
 */
export function updateFileLocked(
  root: string,
  file: string,
  update: (current: string | undefined) => string | undefined,
  opts: LockOptions = {},
): void {
  const release = acquireLock(root, file, opts);
  try {
    const abs = path.resolve(root, file);
    let current: string | undefined;
    try {
      current = readFileSync(abs, "utf8");
    } catch {
      current = undefined;
    }
    const next = update(current);
    if (next !== undefined && next !== current) writeFileAtomic(abs, next);
  } finally {
    release();
  }
}

/** Where the lock of `target` lives: one file per repository-relative path. */
export function lockFileOf(root: string, target: string): string {
  const rel = relPath(root, target);
  const name = `${rel.replace(/[^A-Za-z0-9._-]+/g, "_").slice(-80)}-${sha256(rel).slice(0, 8)}.lock`;
  return path.join(root, LOCK_DIR, name);
}

/** true when taken (or already held by this process), else the current owner (undefined while it is being written). */
function tryLock(file: string, again = true): true | Owner | undefined {
  const count = held.get(file);
  if (count !== undefined) {
    held.set(file, count + 1);
    return true;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    const fd = openSync(file, "wx");
    const owner: Owner = {
      pid: process.pid,
      host: os.hostname(),
      since: new Date().toISOString(),
      command: ["tunix-rt", ...process.argv.slice(2)].join(" "),
    };
    writeSync(fd, JSON.stringify(owner));
    closeSync(fd);
    held.set(file, 1);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const text = readOrEmpty(file);
  const owner = parseOwner(text);
  if (again && isStale(file, owner)) {
    takeOver(file, text);
    return tryLock(file, false);
  }
  return owner;
}

function releaser(file: string): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const count = held.get(file) ?? 1;
    if (count > 1) {
      held.set(file, count - 1);
      return;
    }
    held.delete(file);
    try {
      unlinkSync(file);
    } catch {
      // already gone (taken over as stale): nothing to release
    }
  };
}

/** A lock whose owner process no longer runs on this host, or one left empty for 10 s by a crash. */
function isStale(file: string, owner: Owner | undefined): boolean {
  if (!owner) {
    try {
      return Date.now() - statSync(file).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  if (owner.host !== os.hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Remove a stale lock, unless another process replaced it meanwhile (then put that one back). */
function takeOver(file: string, staleText: string): void {
  const aside = `${file}.stale-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else took it over first
  }
  if (readOrEmpty(aside) !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // a newer lock exists already; the one we moved aside is lost either way
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // gone already
  }
}

function busyError(
  root: string,
  target: string,
  file: string,
  owner: Owner | undefined,
  what?: string,
): TunixError {
  const by = owner
    ? `process ${owner.pid} on ${owner.host} since ${owner.since} (${owner.command})`
    : "another process";
  return new TunixError("E_BUSY", {
    file: what ?? relPath(root, target),
    message: `being written by ${by}`,
    hint: `wait for it to finish and try again; if no such process runs, delete ${relPath(root, file)}`,
  });
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const v = JSON.parse(text) as Owner;
    return typeof v.pid === "number" && typeof v.host === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}
