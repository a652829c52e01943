// Where the repository is and how paths inside it are named. Every path the pipeline prints is
// relative to the root and `/`-separated, so messages and lock files are the same on every machine.
// Globs stay inside the repository (io/confine.ts).
import { existsSync, globSync, statSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { type PathOrigin, pathInRepo } from "./confine.ts";

/** The repository root: `TUNIX_RT_ROOT`, else the nearest ancestor of `start` holding `traces/` or `datasets/` or `.git`. */
export function findRoot(start = process.cwd()): string {
  if (process.env.TUNIX_RT_ROOT) return path.resolve(process.env.TUNIX_RT_ROOT);
  let dir = path.resolve(start);
  for (;;) {
    for (const marker of ["traces", "datasets", ".git"]) {
      if (existsSync(path.join(dir, marker))) return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(start);
    dir = up;
  }
}

/** Repository-relative, `/`-separated path. */
export function relPath(root: string, file: string): string {
  return path.relative(root, path.resolve(root, file)).split(path.sep).join("/");
}

/**
 * Files matching globs relative to root, sorted, deduplicated, repo-relative. A glob that is absolute
 * or climbs out with `..`, and a hit that leads outside the repository through a symlink, dangles or
 * loops, is refused (E_PATH) naming `from` (the manifest field it came from) or the file.
 */
export function globFiles(root: string, patterns: string[], from?: PathOrigin): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    if (path.isAbsolute(pattern) || pattern.split(/[\\/]/).includes("..")) {
      throw new TunixError("E_PATH", {
        file: from?.file,
        line: from?.line,
        field: from?.field ?? "glob",
        message: "the glob leads outside the repository",
        expected: "a glob relative to the repository root, without a leading / or ..",
        found: JSON.stringify(pattern),
        hint: "write it like traces/**/*.jsonl",
      });
    }
    for (const hit of globSync(pattern, { cwd: root })) {
      const rel = hit.split(path.sep).join("/");
      const real = pathInRepo(root, rel, {
        field: from?.field ?? "file",
        file: from?.file ?? rel,
        line: from?.line,
      });
      if (statSync(real).isFile()) out.add(rel);
    }
  }
  return [...out].sort();
}

/** Every file under the given repo-relative directories (recursive), sorted. */
export function listTree(root: string, dirs: string[]): string[] {
  return globFiles(
    root,
    dirs.filter((d) => existsSync(path.join(root, d))).map((d) => `${d}/**/*`),
  );
}
