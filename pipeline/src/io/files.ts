// Plain file helpers for code outside io/ (sweeps, packages, the model registry): read a file with a
// TunixError naming it when it is missing, test and list paths, copy a folder. Writes go through
// atomic.ts; these never write a file in place.
//
//   const text = readText(path.join(root, rel), rel);     // E_NOT_FOUND names `rel`
//   for (const name of listFolders(dir)) …                // sorted, dotfolders left out
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TunixError } from "../errors.ts";

/** UTF-8 text of a file; E_NOT_FOUND names `display` (a repository-relative path). */
export function readText(file: string, display = file, hint?: string): string {
  return readBytes(file, display, hint).toString("utf8");
}

export function readBytes(file: string, display = file, hint?: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new TunixError("E_NOT_FOUND", { file: display, message: "file not found", hint });
  }
}

export function fileExists(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

export function folderExists(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/** Names of the sub-folders of `dir`, sorted ([] when `dir` does not exist). */
export function listFolders(dir: string): string[] {
  if (!folderExists(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
}

/** Replace folder `to` with a copy of folder `from` (what is in `to` and not in `from` is gone). */
export function replaceFolder(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

/** Run `work` with a fresh temporary folder, removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
