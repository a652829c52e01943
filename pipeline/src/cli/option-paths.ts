// The paths a command line names, checked before the verb runs (io/confine.ts): each option that
// declares `path` in its spec resolves inside the repository after symlinks (relative to the
// working directory and to the root: verbs read relative paths from either), and outputs never land
// on code, packages or git internals. The verb then uses the value as given.
//
//   checkOptionPaths(cmd, values, root, process.cwd());   // throws E_PATH naming the flag
import { outputPathInRepo, pathInRepo } from "../io/confine.ts";
import type { Command } from "./command.ts";

export function checkOptionPaths(
  cmd: Command,
  values: Record<string, unknown>,
  root: string,
  cwd: string,
): void {
  for (const [name, spec] of Object.entries(cmd.options ?? {})) {
    const kind = spec.path;
    if (kind === undefined || kind === "store" || kind === "external") continue;
    const value = values[name];
    for (const given of Array.isArray(value) ? value : [value]) {
      if (typeof given !== "string") continue;
      const from = { field: `--${name}` };
      // Verbs read a relative path from the working directory or from the root: both must stay inside.
      for (const base of new Set([cwd, root])) {
        if (kind === "in") pathInRepo(root, given, from, base);
        else outputPathInRepo(root, given, from, base, OUTPUT_KIND[kind]);
      }
    }
  }
}

const OUTPUT_KIND = { out: "file", "out-dir": "dir", "replace-dir": "replace-dir" } as const;

/** Does an option look like it names a file or folder (so it must declare `path`)? */
export function namesAPath(name: string, valueName: string | undefined): boolean {
  const v = valueName ?? "";
  return name === "out" || (!v.includes("=") && /file|dir|folder|path/i.test(v));
}
