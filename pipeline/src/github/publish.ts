// Publish one run folder to the repository: validate it, stage only that folder, commit it with the
// bot identity, then `pull --rebase` (as fetch + rebase, so the fetched branch can be checked first)
// and push, retrying with jittered backoff while other publishers move the remote. A rebase conflict
// is aborted and retried from a clean state. Idempotent: a folder that already matches the remote
// adds no commit and no push. Refuses to push local commits that touch anything but this folder.
//
//   const result = await publishRun(root, "runs/tiny-1a2b3c4d", { remote: "origin", branch: "main", retries: 5 });
//   await publishPaths(root, ["runs/sweeps/smoke-lr.json", "runs/smoke-lr-t000-…"], () => "sweeps: …", opts);
// `publishPaths` is the same publisher for several paths in one commit (a sweep's result and its trials).

import { type SimpleGit, simpleGit } from "simple-git";
import { TunixError } from "../errors.ts";
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF, waitMs } from "./backoff.ts";
import { checkRunFolder } from "./run-folder.ts";

export const BOT_NAME = "tunix-rt-bot";
export const BOT_EMAIL = "tunix-rt-bot@users.noreply.github.com";

export interface PublishOptions {
  remote?: string;
  branch?: string;
  /** Retries after the first attempt when the remote moved or a rebase conflicted. */
  retries?: number;
  backoff?: BackoffPolicy;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Environment for git; `TUNIX_RT_BOT_NAME` / `TUNIX_RT_BOT_EMAIL` in it override the bot identity. */
  env?: NodeJS.ProcessEnv;
  /** Called before each retry with the attempt number, the delay and the reason. */
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

export interface PublishResult {
  id: string;
  /** Repository-relative run folder. */
  dir: string;
  /** `added` (new on the branch), `updated` (changed) or `unchanged` (nothing to publish). */
  action: "added" | "updated" | "unchanged";
  /** Branch head after publishing. */
  commit: string;
  /** Push attempts made (0 when unchanged). */
  attempts: number;
}

/** Validate, commit and push `runs/<id>` (repository-relative). */
export async function publishRun(
  root: string,
  dir: string,
  opts: PublishOptions = {},
): Promise<PublishResult> {
  const folder = await checkRunFolder(root, dir);
  const message = (action: "added" | "updated") =>
    `runs: ${action === "added" ? "add" : "update"} ${folder.id} (${folder.manifest.name})`;
  const r = await publishPaths(root, [dir], message, { ...opts, again: `tunix-rt publish ${dir}` });
  return { id: folder.id, dir, ...r };
}

/**
 * Commit and push several repository-relative paths (files or folders) in one commit, with the
 * same rebase-retry as `publishRun`; the caller validates them first. `again` is the command a
 * failure message suggests.
 */
export async function publishPaths(
  root: string,
  paths: string[],
  message: (action: "added" | "updated") => string,
  opts: PublishOptions & { again?: string } = {},
): Promise<Omit<PublishResult, "id" | "dir">> {
  const remote = opts.remote ?? "origin";
  const branch = opts.branch ?? "main";
  const retries = opts.retries ?? 5;
  const random = opts.random ?? Math.random;
  const git = openGit(root, opts.env ?? process.env);
  const tracking = `refs/remotes/${remote}/${branch}`;
  const what = paths.length === 1 ? paths[0] : `${paths.length} paths`;

  await runGit(
    git,
    ["fetch", "--quiet", remote, `+refs/heads/${branch}:${tracking}`],
    `fetch ${remote} ${branch}`,
  );
  await runGit(git, ["add", "--all", "--", ...paths], `stage ${what}`);
  const onRemote = await Promise.all(paths.map((p) => treeOf(git, tracking, p)));
  const differs = (await runGit(git, ["diff", "--cached", "--name-only", tracking, "--", ...paths])).trim();
  if (onRemote.every((t) => t !== null) && !differs) {
    return { action: "unchanged", commit: (await runGit(git, ["rev-parse", tracking])).trim(), attempts: 0 };
  }
  const action = onRemote.every((t) => t === null) ? "added" : "updated";
  const staged = (await runGit(git, ["diff", "--cached", "--name-only", "HEAD", "--", ...paths])).trim();
  if (staged) {
    // The pathspec commits only these paths, even if other changes are staged.
    await runGit(git, ["commit", "--quiet", "--no-verify", "-m", message(action), "--", ...paths], "commit");
  }

  for (let attempt = 1; ; attempt++) {
    const reason = await tryPublish(git, remote, branch, tracking, paths);
    if (reason === null) {
      return { action, commit: (await runGit(git, ["rev-parse", "HEAD"])).trim(), attempts: attempt };
    }
    if (attempt > retries) {
      throw new TunixError("E_GIT", {
        message: `could not publish ${what} after ${attempt} attempt(s): ${reason}`,
        hint: `run \`${opts.again ?? "the same command"}\` again; the commit is kept locally`,
      });
    }
    const delayMs = backoffDelayMs(attempt, opts.backoff ?? DEFAULT_BACKOFF, random);
    opts.onRetry?.(attempt, delayMs, reason);
    await waitMs(delayMs);
  }
}

/** One attempt: rebase on the remote branch and push. Returns null on success, else a retryable reason. */
async function tryPublish(
  git: SimpleGit,
  remote: string,
  branch: string,
  tracking: string,
  paths: string[],
): Promise<string | null> {
  await runGit(
    git,
    ["fetch", "--quiet", remote, `+refs/heads/${branch}:${tracking}`],
    `fetch ${remote} ${branch}`,
  );
  await assertOnlyRunCommits(git, tracking, paths);
  try {
    await runGit(git, ["rebase", "--autostash", "--quiet", tracking], "rebase");
  } catch (err) {
    await git.raw(["rebase", "--abort"]).catch(() => undefined);
    return `rebase conflict: ${firstLine(err)}`;
  }
  try {
    await git.raw(["push", remote, `HEAD:refs/heads/${branch}`]);
    return null;
  } catch (err) {
    const text = String((err as Error).message);
    if (
      /rejected|non-fast-forward|fetch first|cannot lock ref|failed to update ref|stale info|incorrect old value/i.test(
        text,
      )
    ) {
      return `remote moved: ${firstLine(err)}`;
    }
    throw gitError("push", err);
  }
}

/** Refuse when the commits to push touch anything but the published paths (another branch, unpushed work). */
async function assertOnlyRunCommits(git: SimpleGit, tracking: string, paths: string[]): Promise<void> {
  const touched = (await runGit(git, ["diff", "--name-only", `${tracking}...HEAD`]))
    .split("\n")
    .filter(Boolean);
  const outside = touched.filter((f) => !paths.some((p) => f === p || f.startsWith(`${p}/`)));
  if (outside.length > 0) {
    throw new TunixError("E_STATE", {
      message: `local commits not on ${tracking.replace("refs/remotes/", "")} change files outside ${paths.join(", ")}: ${outside.slice(0, 5).join(", ")}${outside.length > 5 ? ", …" : ""}`,
      hint: "publish from a clean checkout of the target branch; push other work through a pull request",
    });
  }
}

/** Tree id of `dir` at a commit, or null when the folder does not exist there. */
async function treeOf(git: SimpleGit, rev: string, dir: string): Promise<string | null> {
  try {
    return (await git.raw(["rev-parse", "--verify", "--quiet", `${rev}:${dir}`])).trim() || null;
  } catch {
    return null;
  }
}

/**
 * simple-git strips inherited `GIT_*` variables and those that make git run another program (editor,
 * pager, askpass) and rejects them when passed explicitly; publishing needs none of them. The
 * identity is given as config, so it wins over any ambient `GIT_AUTHOR_*`; only the no-prompt switch
 * is passed explicitly (a push that needs a password fails instead of hanging).
 */
const GUARDED_ENV = /^(git_.*|editor|visual|pager|prefix|ssh_askpass)$/i;

function openGit(root: string, env: NodeJS.ProcessEnv): SimpleGit {
  const name = env.TUNIX_RT_BOT_NAME || BOT_NAME;
  const email = env.TUNIX_RT_BOT_EMAIL || BOT_EMAIL;
  const kept = Object.fromEntries(Object.entries(env).filter(([k]) => !GUARDED_ENV.test(k)));
  return simpleGit({
    baseDir: root,
    maxConcurrentProcesses: 1,
    config: [`user.name=${name}`, `user.email=${email}`],
    allowEnvironment: ["GIT_TERMINAL_PROMPT"],
  }).env({ ...kept, GIT_TERMINAL_PROMPT: "0" });
}

async function runGit(git: SimpleGit, args: string[], what = args[0]): Promise<string> {
  try {
    return await git.raw(args);
  } catch (err) {
    throw gitError(what, err);
  }
}

function gitError(what: string, err: unknown): TunixError {
  return new TunixError("E_GIT", {
    message: `git ${what} failed: ${firstLine(err)}`,
    hint: "check the remote, the branch and your credentials",
  });
}

function firstLine(err: unknown): string {
  const text = String((err as Error)?.message ?? err).trim();
  return text.split("\n").find((l) => l.trim()) ?? text;
}
