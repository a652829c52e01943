// Reading a file as it was at another git revision (`git show <rev>:<path>`), for `dataset diff`.
// git runs through execFile (no shell); a revision that is not a commit is an E_GIT error, a path
// absent at that revision is `undefined` (a file new at HEAD), any other git failure is E_GIT.
//
//   const text = await showFileAtRevision(root, "origin/main", "datasets/demo.lock.json");
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { TunixError } from "../errors.ts";

const run = promisify(execFile);
/** Locks of a million traces are ~60 MB. */
const MAX_BUFFER_BYTES = 1 << 30;

export async function showFileAtRevision(
  root: string,
  rev: string,
  relPath: string,
): Promise<string | undefined> {
  if (rev === "" || rev.startsWith("-") || /[\s\0]/.test(rev)) {
    throw new TunixError("E_USAGE", {
      field: "--base",
      expected: "a git revision (branch, tag or commit)",
      found: JSON.stringify(rev),
    });
  }
  const git = (args: string[]) =>
    run("git", args, { cwd: root, maxBuffer: MAX_BUFFER_BYTES, encoding: "utf8", windowsHide: true });
  try {
    await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  } catch (e) {
    const detail = String((e as { stderr?: string }).stderr ?? "").trim();
    throw new TunixError("E_GIT", {
      field: "--base",
      message: `unknown revision ${JSON.stringify(rev)}${detail ? ` (${detail.split("\n")[0]})` : ""}`,
      hint: "give a branch, tag or commit of this repository (in CI, fetch it first: git fetch origin <branch>)",
    });
  }
  const spec = `${rev}:./${relPath}`;
  try {
    await git(["cat-file", "-e", spec]);
  } catch {
    return undefined;
  }
  try {
    return (await git(["show", spec])).stdout;
  } catch (e) {
    throw new TunixError("E_GIT", { message: `git show ${spec} failed: ${(e as Error).message}` });
  }
}
