// What a GitHub Actions job tells a step through its environment: the token, the repository, the API
// URL, the event payload (PR number, head sha) and the step summary / output files. Every missing
// variable is a TunixError that names it. Also the Octokit client built from those values.
//
//   const gh = githubContext(process.env);            // token + owner/repo + baseUrl
//   const pr = prNumberOf(process.env, opts.pr);      // --pr, else the event payload

import { readFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { TunixError } from "../errors.ts";

export interface GithubContext {
  octokit: Octokit;
  owner: string;
  repo: string;
}

/** The variable, or a TunixError naming it. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string, hint?: string): string {
  const value = env[name];
  if (!value) {
    throw new TunixError("E_GITHUB", {
      message: `environment variable ${name} is not set`,
      hint: hint ?? `run inside GitHub Actions, or export ${name}`,
    });
  }
  return value;
}

/** Octokit for `GITHUB_REPOSITORY` with `GITHUB_TOKEN`, against `GITHUB_API_URL` (GitHub Enterprise, tests). */
export function githubContext(env: NodeJS.ProcessEnv): GithubContext {
  const token = requireEnv(
    env,
    "GITHUB_TOKEN",
    "pass the workflow token to the step: `env:` GITHUB_TOKEN set from `github.token`",
  );
  const repository = requireEnv(env, "GITHUB_REPOSITORY", "set it to owner/name");
  const [owner, repo, extra] = repository.split("/");
  if (!owner || !repo || extra !== undefined) {
    throw new TunixError("E_GITHUB", {
      field: "GITHUB_REPOSITORY",
      expected: "owner/name",
      found: JSON.stringify(repository),
    });
  }
  const octokit = new Octokit({
    auth: token,
    baseUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    userAgent: "tunix-rt",
    // Failures are handled (and reported once) by the caller.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  return { octokit, owner, repo };
}

/** The event payload of `GITHUB_EVENT_PATH`, or a TunixError naming the variable. */
export function readEventPayload(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const file = requireEnv(
    env,
    "GITHUB_EVENT_PATH",
    "run inside GitHub Actions, or pass the value explicitly",
  );
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new TunixError("E_GITHUB", {
      file,
      message: `cannot read the event payload (GITHUB_EVENT_PATH): ${(err as Error).message}`,
    });
  }
}

/** PR number from `--pr`, else `pull_request.number` / `issue.number` / `number` of the event payload. */
export function prNumberOf(env: NodeJS.ProcessEnv, explicit?: string): number {
  if (explicit !== undefined) {
    const n = Number(explicit);
    if (!Number.isInteger(n) || n <= 0)
      throw new TunixError("E_USAGE", { field: "--pr", expected: "a pull request number", found: explicit });
    return n;
  }
  const event = readEventPayload(env);
  const pick = (v: unknown) => (v && typeof v === "object" ? (v as { number?: unknown }).number : undefined);
  const n = pick(event.pull_request) ?? pick(event.issue) ?? event.number;
  if (typeof n !== "number") {
    throw new TunixError("E_GITHUB", {
      message: "the event payload (GITHUB_EVENT_PATH) names no pull request",
      hint: "run on a pull_request event or pass --pr <number>",
    });
  }
  return n;
}

/** Commit for a check run: `--sha`, else the PR head of the event payload, else `GITHUB_SHA`. */
export function headShaOf(env: NodeJS.ProcessEnv, explicit?: string): string {
  if (explicit) return explicit;
  if (env.GITHUB_EVENT_PATH) {
    const pr = readEventPayload(env).pull_request as { head?: { sha?: unknown } } | undefined;
    if (typeof pr?.head?.sha === "string") return pr.head.sha;
  }
  return requireEnv(env, "GITHUB_SHA", "pass --sha <commit>");
}

/** HTTP status of an Octokit RequestError, else undefined. */
export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
}
