import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { githubContext, prNumberOf } from "./actions-env.ts";
import { type FakeGithub, startFakeGithub } from "./fake-github.ts";
import { uploadReleaseAssets } from "./release.ts";
import { checkActorRole, MAX_BODY_CHARS, postCheckRun, postPrComment, stickyBody } from "./report.ts";
import {
  appendStepSummary,
  fenced,
  readBodyFiles,
  scalarFieldsOf,
  warnStep,
  writeStepOutputs,
} from "./step-files.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/tunix-rt.js");

let tmp: string;
let gh: FakeGithub;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-report-"));
  gh = await startFakeGithub({ roles: { alice: "maintain", bob: "triage" } });
  const eventFile = path.join(tmp, "event.json");
  writeFileSync(eventFile, JSON.stringify({ pull_request: { number: 7, head: { sha: "a".repeat(40) } } }));
  writeFileSync(path.join(tmp, "summary.md"), "");
  env = {
    PATH: process.env.PATH,
    GITHUB_TOKEN: "test-token",
    GITHUB_REPOSITORY: "acme/traces",
    GITHUB_API_URL: gh.url,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_STEP_SUMMARY: path.join(tmp, "summary.md"),
    GITHUB_SHA: "b".repeat(40),
  };
});
afterEach(async () => {
  await gh.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Run the real CLI in a child process with exactly `env`. */
function cli(
  args: string[],
  childEnv: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, cwd: tmp }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("tunix-rt report pr (CLI against a local GitHub)", () => {
  it("creates the sticky comment once, then updates the same comment id", async () => {
    const body = path.join(tmp, "body.md");
    writeFileSync(body, "first **run**\n");
    const first = await cli(["report", "pr", "--body-file", body, "--marker", "validate", "--json"], env);
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created.outcome).toBe("created");

    writeFileSync(body, "second run\n");
    const second = await cli(["report", "pr", "--body-file", body, "--marker", "validate", "--json"], env);
    expect(second.code, second.stderr).toBe(0);
    const updated = JSON.parse(second.stdout);
    expect(updated).toMatchObject({ outcome: "updated", id: created.id });

    const comments = gh.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toBe("<!-- tunix-rt:validate -->\nsecond run\n");
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/traces/issues/7/comments",
      "POST /repos/acme/traces/issues/7/comments",
      "GET /repos/acme/traces/issues/7/comments",
      "PATCH /repos/acme/traces/issues/comments/1000",
    ]);
    expect(gh.requests[0].auth).toBe("token test-token");
  });

  it("falls back to the job summary with a warning on 403 (exit 0)", async () => {
    gh.readOnly = true;
    const body = path.join(tmp, "body.md");
    writeFileSync(body, "## Validation\nall good\n");
    const r = await cli(["report", "pr", "--body-file", body], { ...env, GITHUB_ACTIONS: "true" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^::warning::cannot comment on PR #7 \(403/m);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, "utf8")).toBe("## Validation\nall good\n");
    expect(gh.comments.get(7)).toBeUndefined();
  });

  it("names the missing variable", async () => {
    const body = path.join(tmp, "body.md");
    writeFileSync(body, "x\n");
    const r = await cli(["report", "pr", "--body-file", body], { ...env, GITHUB_TOKEN: "" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("environment variable GITHUB_TOKEN is not set");
    const s = await cli(["report", "summary", "--body-file", body], { ...env, GITHUB_STEP_SUMMARY: "" });
    expect(s.code).toBe(1);
    expect(s.stderr).toContain("GITHUB_STEP_SUMMARY is not set");
  });
});

describe("report library", () => {
  it("finds only the comment with its own marker", async () => {
    const ctx = githubContext(env);
    const a = await postPrComment(ctx, env, { pr: 7, body: "A", marker: "a" });
    const b = await postPrComment(ctx, env, { pr: 7, body: "B", marker: "b" });
    const a2 = await postPrComment(ctx, env, { pr: 7, body: "A2", marker: "a" });
    expect(b.id).not.toBe(a.id);
    expect(a2).toMatchObject({ outcome: "updated", id: a.id });
    expect((gh.comments.get(7) ?? []).map((c) => c.body)).toEqual([
      "<!-- tunix-rt:a -->\nA2\n",
      "<!-- tunix-rt:b -->\nB\n",
    ]);
  });

  it("creates a completed check run on the PR head, and falls back to the summary on 403", async () => {
    const ctx = githubContext(env);
    const r = await postCheckRun(ctx, env, {
      name: "tunix-rt",
      headSha: "a".repeat(40),
      conclusion: "failure",
      summary: "2 problems",
    });
    expect(r.outcome).toBe("created");
    expect(gh.checkRuns[0]).toMatchObject({
      name: "tunix-rt",
      head_sha: "a".repeat(40),
      status: "completed",
      conclusion: "failure",
      output: { title: "tunix-rt", summary: "2 problems" },
    });
    gh.readOnly = true;
    const f = await postCheckRun(ctx, env, {
      name: "tunix-rt",
      headSha: "a".repeat(40),
      conclusion: "neutral",
      summary: "ok",
    });
    expect(f.outcome).toBe("summary");
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, "utf8")).toContain("### tunix-rt: neutral");
  });

  it("checks the actor's role against a minimum", async () => {
    const ctx = githubContext(env);
    expect(await checkActorRole(ctx, "alice", "write")).toEqual({ role: "maintain", allowed: true });
    expect(await checkActorRole(ctx, "bob", "write")).toEqual({ role: "triage", allowed: false });
    expect(await checkActorRole(ctx, "mallory", "read")).toEqual({ role: "none", allowed: false });
    const denied = await cli(["report", "permission", "--actor", "bob"], env);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('bob has the role "triage"');
    const ok = await cli(["report", "permission"], {
      ...env,
      GITHUB_ACTOR: "someone",
      GITHUB_TRIGGERING_ACTOR: "alice",
    });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("other API errors are TunixErrors, not a silent fallback", async () => {
    const ctx = githubContext({ ...env, GITHUB_REPOSITORY: "acme/other" });
    const err = await postPrComment(ctx, env, { pr: 7, body: "x", marker: "pr" }).catch((e) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).code).toBe("E_GITHUB");
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, "utf8")).toBe("");
  });

  it("reads the PR number from --pr or the event payload", () => {
    expect(prNumberOf(env)).toBe(7);
    expect(prNumberOf(env, "12")).toBe(12);
    expect(() => prNumberOf(env, "x")).toThrow(/--pr/);
    expect(() => prNumberOf({})).toThrow(/GITHUB_EVENT_PATH/);
  });
});

describe("report release", () => {
  it("creates the release, uploads the bytes, and replaces an asset of the same name on re-run", async () => {
    const dir = path.join(tmp, "weights");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "model.safetensors"), Buffer.from([1, 2, 3, 4]));
    writeFileSync(path.join(dir, "tokenizer.json"), "{}");
    const first = await cli(
      ["report", "release", "--tag", "weights-v1", "--prefix", "tiny-", dir, "--json"],
      env,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      tag: "weights-v1",
      created: true,
      assets: [
        { name: "tiny-model.safetensors", bytes: 4 },
        { name: "tiny-tokenizer.json", bytes: 2 },
      ],
    });
    writeFileSync(path.join(dir, "model.safetensors"), Buffer.from([9, 9]));
    const again = await uploadReleaseAssets(githubContext(env), {
      tag: "weights-v1",
      files: [path.join(dir, "model.safetensors")],
      prefix: "tiny-",
    });
    expect(again.created).toBe(false);
    expect(gh.releases).toHaveLength(1);
    const assets = gh.releases[0].assets;
    expect(assets.map((a) => a.name).sort()).toEqual(["tiny-model.safetensors", "tiny-tokenizer.json"]);
    expect([...(assets.find((a) => a.name === "tiny-model.safetensors")?.bytes ?? [])]).toEqual([9, 9]);
  });
});

describe("step files and bodies", () => {
  it("caps a long body and keeps the marker first", () => {
    const text = stickyBody("x".repeat(MAX_BODY_CHARS * 2), "<!-- tunix-rt:pr -->");
    expect(text.startsWith("<!-- tunix-rt:pr -->\n")).toBe(true);
    expect(text.length).toBeLessThan(MAX_BODY_CHARS + 200);
  });

  it("includes .md as markdown and other files as a fence longer than any backtick run", () => {
    writeFileSync(path.join(tmp, "a.md"), "# A\n");
    writeFileSync(path.join(tmp, "b.txt"), "found ```` here\n");
    expect(readBodyFiles([path.join(tmp, "a.md"), path.join(tmp, "b.txt")])).toBe(
      "# A\n\n`````text\nfound ```` here\n`````",
    );
    expect(fenced("plain")).toBe("```text\nplain\n```");
    writeFileSync(path.join(tmp, "c.json"), '{"a":1}\n');
    expect(readBodyFiles([path.join(tmp, "c.json")])).toBe('```json\n{\n  "a": 1\n}\n```');
  });

  it("writes multi-line-safe step outputs from the last JSON line of a file (through @actions/core)", () => {
    const result = path.join(tmp, "result.txt");
    writeFileSync(result, 'progress…\n{"id":"tiny-1a2b3c4d","ok":true,"n":3,"nested":{"x":1}}\n');
    const outputs = path.join(tmp, "outputs");
    writeFileSync(outputs, "earlier=1\n");
    const before = process.env.GITHUB_OUTPUT;
    expect(writeStepOutputs({ GITHUB_OUTPUT: outputs }, scalarFieldsOf(result))).toBe(outputs);
    expect(process.env.GITHUB_OUTPUT).toBe(before); // pointed at the file only while core wrote
    const text = readFileSync(outputs, "utf8");
    const d = "(ghadelimiter_[0-9a-f-]{36})";
    expect(text).toMatch(
      new RegExp(`^earlier=1\nid<<${d}\ntiny-1a2b3c4d\n\\1\nok<<${d}\ntrue\n\\2\nn<<${d}\n3\n\\3\n$`),
    );
    expect(text).not.toContain("nested");
  });

  it("keeps a multi-line output value whole, creates a missing file, and refuses a bad name", () => {
    const outputs = path.join(tmp, "new-outputs");
    writeStepOutputs({ GITHUB_OUTPUT: outputs }, { body: "line 1\nEOF\nname<<x\nline 4" });
    const [head, ...rest] = readFileSync(outputs, "utf8").trimEnd().split("\n");
    const delimiter = head.slice("body<<".length);
    expect(rest).toEqual(["line 1", "EOF", "name<<x", "line 4", delimiter]);
    expect(() => writeStepOutputs({ GITHUB_OUTPUT: outputs }, { "a b": "x" })).toThrow(/output name/);
    expect(() => writeStepOutputs({}, { a: "x" })).toThrow(/GITHUB_OUTPUT is not set/);
  });

  it("appends to the job summary each environment names, one after another in one process", async () => {
    const first = path.join(tmp, "first.md");
    const second = path.join(tmp, "second.md");
    writeFileSync(first, "# before\n");
    await appendStepSummary({ GITHUB_STEP_SUMMARY: first }, "one");
    await appendStepSummary({ GITHUB_STEP_SUMMARY: second }, "two\n");
    await appendStepSummary({ GITHUB_STEP_SUMMARY: first }, "three\n");
    expect(readFileSync(first, "utf8")).toBe("# before\none\nthree\n");
    expect(readFileSync(second, "utf8")).toBe("two\n");
    await expect(appendStepSummary({}, "x")).rejects.toThrow(/GITHUB_STEP_SUMMARY is not set/);
  });

  it("warns with an escaped annotation inside Actions and a plain line outside", () => {
    const lines: string[] = [];
    warnStep({}, "50% done", (l) => lines.push(l));
    expect(lines).toEqual(["warning: 50% done"]);
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof write;
    try {
      warnStep({ GITHUB_ACTIONS: "true" }, "50% done\nnext", (l) => lines.push(l));
    } finally {
      process.stdout.write = write;
    }
    expect(written.join("")).toBe("::warning::50%25 done%0Anext\n");
    expect(lines).toHaveLength(1);
  });
});
