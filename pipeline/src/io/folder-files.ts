// Small file helpers for run folders (eval folders, prediction shards, model folders): list a
// folder's file names, remove a folder, test for a file, and hash a model folder's weights.
//
//   listFileNames(dir)            // ["predictions.1-of-3.jsonl", …] sorted; [] when dir is absent
//   weightsSha256(modelDir)       // sha256 of model.safetensors, or of the list of *.safetensors
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";

/** Names of the plain files in `dir`, sorted; [] when it does not exist. */
export function listFileNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

export function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A digest of a model folder's weights: the sha256 of `model.safetensors` when it is the only
 * weights file (so it equals the run.json artifact's sha256), else the sha256 of the lines
 * `<sha256>  <name>` of every `*.safetensors` file, sorted by name (sharded folders).
 */
export function weightsSha256(dir: string): string {
  const files = listFileNames(dir).filter((f) => f.endsWith(".safetensors"));
  const hashOf = (name: string) =>
    createHash("sha256")
      .update(readFileSync(path.join(dir, name)))
      .digest("hex");
  if (files.length === 1) return hashOf(files[0]);
  const lines = files.map((f) => `${hashOf(f)}  ${f}\n`).join("");
  return createHash("sha256").update(lines).digest("hex");
}
