// Reports to GitHub from a workflow step: one sticky PR comment per marker (found by a hidden HTML
// marker, updated in place), check runs, and the actor's permission check before GPU work. When the
// token may not write (a fork PR's read-only token answers 403) the report goes to the job summary.
//
//   const r = await postPrComment(githubContext(env), env, { pr: 12, body, marker: "validate" });
//   // r.outcome: "created" | "updated" | "summary"

import { TunixError } from "../errors.ts";
import { type GithubContext, httpStatusOf } from "./actions-env.ts";
import { appendStepSummary } from "./step-files.ts";

/** GitHub rejects comment bodies over 65,536 characters; stay well below. */
export const MAX_BODY_CHARS = 60_000;

export const CONCLUSIONS = ["success", "failure", "neutral"] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

/** Repository roles from least to most (the `role_name` of the collaborator permission API). */
export const ROLES = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface ReportOutcome {
  outcome: "created" | "updated" | "summary";
  /** Comment or check run id (absent for the summary fallback). */
  id?: number;
  url?: string;
  /** Why the summary was used instead. */
  warning?: string;
}

/** The hidden line that identifies a sticky comment: `<!-- tunix-rt:<name> -->`. */
export function markerOf(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new TunixError("E_USAGE", {
      field: "--marker",
      expected: "letters, digits, '.', '_' or '-'",
      found: JSON.stringify(name),
    });
  }
  return `<!-- tunix-rt:${name} -->`;
}

/** Body with the marker on the first line, cut to MAX_BODY_CHARS with a note. */
export function stickyBody(body: string, marker: string): string {
  const text = `${marker}\n${body.trimEnd()}\n`;
  if (text.length <= MAX_BODY_CHARS) return text;
  return `${text.slice(0, MAX_BODY_CHARS)}\n\n… (cut at ${MAX_BODY_CHARS} characters; the job summary has the rest)\n`;
}

/** Create or update the PR comment carrying `marker`; on 403 append to the job summary instead. */
export async function postPrComment(
  gh: GithubContext,
  env: NodeJS.ProcessEnv,
  opts: { pr: number; body: string; marker: string },
): Promise<ReportOutcome> {
  const marker = markerOf(opts.marker);
  const body = stickyBody(opts.body, marker);
  const where = { owner: gh.owner, repo: gh.repo };
  try {
    const comments = await gh.octokit.paginate(gh.octokit.rest.issues.listComments, {
      ...where,
      issue_number: opts.pr,
      per_page: 100,
    });
    const mine = comments.find((c) => c.body?.split("\n", 1)[0].trim() === marker);
    if (mine) {
      const res = await gh.octokit.rest.issues.updateComment({ ...where, comment_id: mine.id, body });
      return { outcome: "updated", id: res.data.id, url: res.data.html_url };
    }
    const res = await gh.octokit.rest.issues.createComment({ ...where, issue_number: opts.pr, body });
    return { outcome: "created", id: res.data.id, url: res.data.html_url };
  } catch (err) {
    return fallBackToSummary(env, err, `comment on PR #${opts.pr}`, opts.body);
  }
}

/** Create a completed check run on `headSha`; on 403 append to the job summary instead. */
export async function postCheckRun(
  gh: GithubContext,
  env: NodeJS.ProcessEnv,
  opts: { name: string; headSha: string; conclusion: Conclusion; title?: string; summary: string },
): Promise<ReportOutcome> {
  try {
    const res = await gh.octokit.rest.checks.create({
      owner: gh.owner,
      repo: gh.repo,
      name: opts.name,
      head_sha: opts.headSha,
      status: "completed",
      conclusion: opts.conclusion,
      output: { title: opts.title ?? opts.name, summary: opts.summary.slice(0, MAX_BODY_CHARS) },
    });
    return { outcome: "created", id: res.data.id, url: res.data.html_url ?? undefined };
  } catch (err) {
    return fallBackToSummary(
      env,
      err,
      `create check run "${opts.name}"`,
      `### ${opts.name}: ${opts.conclusion}\n\n${opts.summary}`,
    );
  }
}

/** The actor's role on the repository and whether it reaches `min`. */
export async function checkActorRole(
  gh: GithubContext,
  actor: string,
  min: Role,
): Promise<{ role: Role; allowed: boolean }> {
  let data: { permission: string; role_name?: string };
  try {
    data = (
      await gh.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: gh.owner,
        repo: gh.repo,
        username: actor,
      })
    ).data;
  } catch (err) {
    // 404: not a collaborator at all.
    if (httpStatusOf(err) === 404) return { role: "none", allowed: min === "none" };
    throw new TunixError("E_GITHUB", {
      message: `cannot read the permission of ${actor}: ${(err as Error).message}`,
    });
  }
  const name = (data.role_name ?? data.permission) as Role;
  const role: Role = ROLES.includes(name)
    ? name
    : ((ROLES.includes(data.permission as Role) ? data.permission : "none") as Role);
  return { role, allowed: ROLES.indexOf(role) >= ROLES.indexOf(min) };
}

async function fallBackToSummary(
  env: NodeJS.ProcessEnv,
  err: unknown,
  what: string,
  markdown: string,
): Promise<ReportOutcome> {
  if (httpStatusOf(err) !== 403) {
    throw new TunixError("E_GITHUB", {
      message: `cannot ${what}: ${httpStatusOf(err) ?? "network"} ${(err as Error).message}`,
      hint: "check GITHUB_TOKEN, the job's `permissions:` and GITHUB_API_URL",
    });
  }
  const warning = `cannot ${what} (403: the token is read-only, e.g. a pull request from a fork); wrote the job summary instead`;
  await appendStepSummary(env, markdown);
  return { outcome: "summary", warning };
}
