import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { backoffDelayMs } from "./backoff.ts";
import { cloneRemote, git, makeRemote, TEST_GIT_ENV, writeRun } from "./git-fixture.ts";
import { BOT_EMAIL, BOT_NAME, publishRun } from "./publish.ts";

/** A small seeded generator for jitter in tests (linear congruential, floats in [0, 1)). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/tunix-rt.js");

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI in a child process (no shell). */
function runCli(cwd: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...TEST_GIT_ENV, TUNIX_RT_ROOT: cwd },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let tmp: string;
let remote: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-publish-"));
  remote = makeRemote(tmp);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const remoteHead = () => git(remote, ["rev-parse", "refs/heads/main"]);

describe("tunix-rt publish (real git, real processes)", () => {
  it("8 concurrent publishers to one bare remote: all runs land, linear history, nothing overwritten", async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `run-${i}`);
    const clones = ids.map((id, i) => {
      const clone = cloneRemote(remote, path.join(tmp, `clone-${i}`));
      writeRun(clone, id, { name: `cfg-${i}`, loss: 1 + i });
      return clone;
    });
    const t0 = Date.now();
    const results = await Promise.all(
      clones.map((clone, i) =>
        runCli(clone, ["publish", `runs/${ids[i]}`, "--retries", "20", "--backoff-ms", "40", "--json"]),
      ),
    );
    const wallMs = Date.now() - t0;
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const parsed = results.map((r) => JSON.parse(r.stdout.trim()));
    expect(parsed.map((p) => p.action)).toEqual(ids.map(() => "added"));
    const attempts = parsed.map((p) => p.attempts as number);
    expect(Math.max(...attempts)).toBeGreaterThanOrEqual(1);

    // main holds every run folder with the bytes its own publisher wrote.
    const tree = git(remote, ["ls-tree", "--name-only", "main", "runs/"]).split("\n");
    for (const id of ids) expect(tree).toContain(`runs/${id}`);
    ids.forEach((id, i) => {
      const published = git(remote, ["show", `main:runs/${id}/metrics.jsonl`]);
      expect(published).toBe(readFileSync(path.join(clones[i], "runs", id, "metrics.jsonl"), "utf8").trim());
    });
    // Linear: no merge commits, initial + one commit per run, all by the bot.
    expect(git(remote, ["rev-list", "--merges", "main"])).toBe("");
    expect(git(remote, ["rev-list", "--count", "main"])).toBe("9");
    const log = git(remote, ["log", "--format=%an <%ae>|%s", "main~8..main"]).split("\n");
    expect(log).toHaveLength(8);
    for (const line of log)
      expect(line).toMatch(new RegExp(`^${BOT_NAME} <${BOT_EMAIL}>\\|runs: add run-\\d \\(cfg-\\d\\)$`));
    console.log(`8 concurrent publishes: ${wallMs} ms wall, attempts ${attempts.join(",")}`);
  });

  it("refuses a run with an invalid file and pushes nothing", async () => {
    const clone = cloneRemote(remote, path.join(tmp, "clone"));
    writeRun(clone, "bad-run");
    appendFileSync(
      path.join(clone, "runs/bad-run/metrics.jsonl"),
      '{"schemaVersion":1,"kind":"train","step":-1}\n',
    );
    const before = remoteHead();
    const r = await runCli(clone, ["publish", "runs/bad-run"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("runs/bad-run/metrics.jsonl:2: step");
    expect(remoteHead()).toBe(before);
    expect(git(clone, ["rev-parse", "HEAD"])).toBe(before);
  });

  it("publishing twice adds nothing", async () => {
    const clone = cloneRemote(remote, path.join(tmp, "clone"));
    writeRun(clone, "twice");
    const first = await runCli(clone, ["publish", "runs/twice", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const afterFirst = remoteHead();
    const second = await runCli(clone, ["publish", "runs/twice", "--json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ action: "unchanged", attempts: 0, commit: afterFirst });
    expect(remoteHead()).toBe(afterFirst);
    expect(git(clone, ["rev-parse", "HEAD"])).toBe(afterFirst);
  });
});

describe("publishRun", () => {
  it("publishes a change to a run as an update, and leaves other local changes out of the commit", async () => {
    const clone = cloneRemote(remote, path.join(tmp, "clone"));
    const dir = writeRun(clone, "r1");
    const first = await publishRun(clone, dir, { env: TEST_GIT_ENV });
    expect(first.action).toBe("added");
    writeRun(clone, "r1", { loss: 0.5 });
    appendFileSync(path.join(clone, "README.md"), "local edit\n");
    git(clone, ["add", "README.md"]);
    const second = await publishRun(clone, dir, { env: TEST_GIT_ENV });
    expect(second.action).toBe("updated");
    expect(git(remote, ["log", "-1", "--format=%s", "main"])).toBe("runs: update r1 (tiny)");
    expect(git(remote, ["show", "--name-only", "--format=", "main"])).toBe("runs/r1/metrics.jsonl");
    // The local edit is still there (the autostash puts it back), just not published.
    expect(git(clone, ["status", "--porcelain"])).toBe("M README.md");
  });

  it("commits as the bot, overridable by TUNIX_RT_BOT_NAME / TUNIX_RT_BOT_EMAIL (ambient GIT_AUTHOR_* ignored)", async () => {
    const clone = cloneRemote(remote, path.join(tmp, "clone"));
    await publishRun(clone, writeRun(clone, "r3"), { env: TEST_GIT_ENV });
    expect(git(remote, ["log", "-1", "--format=%an <%ae> / %cn <%ce>", "main"])).toBe(
      `${BOT_NAME} <${BOT_EMAIL}> / ${BOT_NAME} <${BOT_EMAIL}>`,
    );
    const env = {
      ...TEST_GIT_ENV,
      TUNIX_RT_BOT_NAME: "lab-bot",
      TUNIX_RT_BOT_EMAIL: "lab-bot@example.invalid",
    };
    await publishRun(clone, writeRun(clone, "r4"), { env });
    expect(git(remote, ["log", "-1", "--format=%an <%ae>", "main"])).toBe(
      "lab-bot <lab-bot@example.invalid>",
    );
  });

  it("refuses to push local commits that change files outside the run folder", async () => {
    const clone = cloneRemote(remote, path.join(tmp, "clone"));
    appendFileSync(path.join(clone, "README.md"), "unpushed work\n");
    git(clone, ["commit", "--quiet", "-am", "local work"]);
    const dir = writeRun(clone, "r2");
    const before = remoteHead();
    const err = await publishRun(clone, dir, { env: TEST_GIT_ENV }).catch((e) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).code).toBe("E_STATE");
    expect((err as TunixError).message).toContain("README.md");
    expect(remoteHead()).toBe(before);
  });

  it("a rebase conflict (same run id published elsewhere) aborts cleanly, retries, then fails", async () => {
    const a = cloneRemote(remote, path.join(tmp, "a"));
    const b = cloneRemote(remote, path.join(tmp, "b"));
    await publishRun(a, writeRun(a, "same", { loss: 1 }), { env: TEST_GIT_ENV });
    const winner = remoteHead();
    const retries: string[] = [];
    const err = await publishRun(b, writeRun(b, "same", { loss: 2 }), {
      env: TEST_GIT_ENV,
      retries: 2,
      backoff: { baseMs: 1, maxMs: 2 },
      random: seeded(7),
      onRetry: (_n, _ms, reason) => retries.push(reason),
    }).catch((e) => e);
    expect((err as TunixError).code).toBe("E_GIT");
    expect((err as TunixError).message).toContain("after 3 attempt(s)");
    expect(retries).toHaveLength(2);
    for (const r of retries) expect(r).toMatch(/^rebase conflict/);
    expect(remoteHead()).toBe(winner);
    // Clean state: no rebase in progress, the local commit kept.
    expect(git(b, ["status", "--porcelain"])).toBe("");
    expect(git(b, ["log", "-1", "--format=%s"])).toBe("runs: update same (tiny)");
  });
});

describe("backoffDelayMs", () => {
  it("grows exponentially with jitter in [0.5, 1.5) and is capped", () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    const rand = seeded(42);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const d = backoffDelayMs(attempt, policy, rand);
      const scale = 100 * 2 ** (attempt - 1);
      expect(d).toBeGreaterThanOrEqual(scale * 0.5);
      expect(d).toBeLessThan(scale * 1.5);
    }
    expect(backoffDelayMs(10, policy, () => 0.99)).toBe(1000);
    expect(backoffDelayMs(1, policy, seeded(1))).toBe(backoffDelayMs(1, policy, seeded(1)));
  });
});
