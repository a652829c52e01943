// Path confinement: every path that comes from a config, a manifest, a command-line flag or a file
// resolves inside the repository after symlinks are followed, or is refused before anything is read,
// written or deleted. The one folder outside the repository the pipeline reads is the model store
// (io/model-store.ts), reached by store-relative names, never by a path. Outputs are refused a second
// time when they would replace what the pipeline never writes: git internals, workflows, installed
// packages, code and package manifests, the root or a top-level folder.
//
//   const dir = pathInRepo(root, cfg.artifacts.dir, { field: "artifacts.dir", file: "configs/runs/x.yaml" });
//   const file = outputPathInRepo(root, opts.out, { field: "--out" }, process.cwd());
//   removeCreated(root, artifactDir, ["checkpoints", "model"], { field: "artifacts.dir" });
import { lstatSync, readdirSync, realpathSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";

/** Where a path came from, for the error: the field or flag, and the file and line that held it. */
export interface PathOrigin {
  /** `artifacts.dir`, `sources`, `--out`, `artifacts[1].uri` … */
  field: string;
  /** Repository-relative file the path was read from (none for a command-line flag). */
  file?: string;
  line?: number;
}

const OUTSIDE_HINT = "give a path inside the repository, relative to its root";
const LINK_HINT = "copy the file into the repository instead of linking to it";

/** The repository root with its own symlinks resolved (what every real path is compared with). */
export function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    throw new TunixError("E_NOT_FOUND", { file: root, message: "the repository root does not exist" });
  }
}

/**
 * `given` (absolute, or relative to `base`, default the root) → where it really is, as an absolute path
 * under `root`: symlinks followed as far as the path exists, the rest (to be created) appended. Refuses
 * a path that leads outside, a dangling symlink and a symlink loop, each naming `from`.
 */
export function pathInRepo(root: string, given: string, from: PathOrigin, base = root): string {
  if (typeof given !== "string" || given === "" || given.includes("\0")) {
    throw new TunixError("E_PATH", {
      ...where(from),
      expected: "a path",
      found: JSON.stringify(given) ?? "nothing",
    });
  }
  const top = realRoot(root);
  const real = realResolve(path.resolve(base, given), given, from);
  const rel = path.relative(top, real);
  if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    const lexical = path.resolve(base, given);
    throw new TunixError("E_PATH", {
      ...where(from),
      message: "the path leads outside the repository",
      expected: "a path inside the repository",
      found: `${JSON.stringify(given)}${real !== lexical ? ` (through a symlink, to ${real})` : ""}`,
      hint: real !== lexical ? LINK_HINT : OUTSIDE_HINT,
    });
  }
  return path.resolve(root, rel);
}

/** Top-level names an output never replaces (besides code, below). */
const PROTECTED_DIRS = new Set([".git", ".github", "node_modules"]);
const CODE_FILE = /\.(?:[cm]?[jt]sx?|astro|sh|py|node|wasm)$/;
const ROOT_FILES = new Set([
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "biome.json",
  ".npmrc",
  ".gitignore",
  ".gitattributes",
]);

/**
 * `pathInRepo` for a path that will be written: also refuses git internals, workflows and installed
 * packages at any depth, and an existing code file or package manifest. `kind`: a `file` (never over
 * a folder), a `dir` written into, or a `replace-dir` replaced whole (never the root or a top-level
 * folder).
 */
export function outputPathInRepo(
  root: string,
  given: string,
  from: PathOrigin,
  base = root,
  kind: "file" | "dir" | "replace-dir" = "file",
): string {
  const real = pathInRepo(root, given, from, base);
  const rel = path.relative(path.resolve(root), real).split(path.sep).join("/");
  const parts = rel === "" ? [] : rel.split("/");
  const refuse = (why: string) =>
    new TunixError("E_PATH", {
      ...where(from),
      message: `the pipeline does not write ${why}`,
      expected: "an output path for data (e.g. under runs/, artifacts/ or a new file)",
      found: JSON.stringify(rel === "" ? "." : rel),
      hint: "choose another output path",
    });
  const blocked = parts.find((p) => PROTECTED_DIRS.has(p));
  if (blocked) throw refuse(`into ${blocked}/`);
  if (kind === "replace-dir" && parts.length <= 1)
    throw refuse(parts.length ? "over a top-level folder" : "over the repository root");
  const st = lstatOrUndefined(real);
  if (st?.isFile() && (CODE_FILE.test(real) || (parts.length === 1 && ROOT_FILES.has(parts[0]))))
    throw refuse("over code or package files");
  if (kind === "file" && st?.isDirectory()) throw refuse("a file over a folder");
  if (kind !== "file" && st?.isFile()) throw refuse("a folder over a file");
  return real;
}

/**
 * Remove only the named entries of `dir` (what the caller itself created there), then `dir` when that
 * leaves it empty. `dir` is confined first; anything else in it stays.
 */
export function removeCreated(root: string, dir: string, names: readonly string[], from: PathOrigin): void {
  const real = pathInRepo(root, dir, from);
  if (path.relative(path.resolve(root), real) === "") return;
  for (const name of names) {
    if (name.includes("/") || name.includes(path.sep) || name === ".." || name === ".") continue;
    rmSync(path.join(real, name), { recursive: true, force: true });
  }
  try {
    if (readdirSync(real).length === 0) rmdirSync(real);
  } catch {
    // missing or not a folder: nothing left to remove
  }
}

/** The repository-relative files among `files` that are symlinks (a folder to publish holds none). */
export function symlinksAmong(root: string, files: readonly string[]): string[] {
  return files.filter((f) => lstatOrUndefined(path.join(root, f))?.isSymbolicLink());
}

/** The real path of `abs`: the longest existing prefix resolved, the rest appended. */
function realResolve(abs: string, given: string, from: PathOrigin): string {
  let existing = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP") throw linkError(from, given, "goes through a symlink loop");
      if (code !== "ENOENT" && code !== "ENOTDIR") throw err;
    }
    const up = path.dirname(existing);
    if (up === existing) break;
    rest.unshift(path.basename(existing));
    existing = up;
  }
  try {
    return path.join(realpathSync(existing), ...rest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw linkError(from, given, "goes through a symlink loop");
    if (code === "ENOENT" || code === "ENOTDIR")
      throw linkError(from, given, "goes through a symlink that points to nothing (dangling)");
    throw err;
  }
}

function linkError(from: PathOrigin, given: string, what: string): TunixError {
  return new TunixError("E_PATH", {
    ...where(from),
    message: `the path ${what}`,
    expected: "a symlink to an existing file or folder inside the repository",
    found: JSON.stringify(given),
    hint: "fix or remove the symlink",
  });
}

function where(from: PathOrigin): { file?: string; line?: number; field: string } {
  return { file: from.file, line: from.line, field: from.field };
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}
