// Concurrent writers of a shared file, with real processes: two `traces import` runs into one file
// both land (the reported case lost half the rows while both said "imported"), several writers of a
// registry through updateFileLocked all land, a second process on a busy run folder is refused with
// E_BUSY naming the holder, and a lock left by a dead process is taken over.
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, NODE, PROJECT } from "../../../tests/e2e/tiny-repo.ts";
import { TunixError } from "../errors.ts";
import { acquireLock, LOCK_DIR, lockFileOf } from "./file-lock.ts";

const LOCK_MODULE = new URL("./file-lock.ts", import.meta.url).href;
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tempRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-lock-"));
  temps.push(root);
  mkdirSync(path.join(root, "traces"), { recursive: true });
  return root;
}

/** Run a process to its end: exit code and output. */
function exec(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(NODE, args, { cwd, env: { ...process.env, TUNIX_RT_ROOT: cwd, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function rows(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return JSON.stringify({ key: `q-${n}`, question: `What is ${n} + ${n}?`, final: String(2 * n) });
  }).join("\n");
}

describe("concurrent writers of one file", () => {
  it("two traces import runs into the same file both land (the reported case)", async () => {
    const root = tempRepo();
    writeFileSync(path.join(root, "a.jsonl"), `${rows(0, 20_000)}\n`);
    writeFileSync(path.join(root, "b.jsonl"), `${rows(100_000, 20_000)}\n`);
    const imp = (file: string) =>
      exec(
        [
          BIN,
          "traces",
          "import",
          file,
          "--format",
          "jsonl",
          "--map",
          "id=key,prompt=question,answer=final,steps=",
        ].concat(["--out", "traces/g/all.jsonl"]),
        root,
      );
    const [a, b] = await Promise.all([imp("a.jsonl"), imp("b.jsonl")]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(`${a.stdout}${b.stdout}`).toMatch(/imported 20000/);
    const lines = readFileSync(path.join(root, "traces/g/all.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(40_000);
    expect(readLocks(root)).toEqual([]); // both released their lock
  });

  it("four processes updating a registry 25 times each: all 100 entries land", async () => {
    const root = tempRepo();
    const script = `
      const { updateFileLocked } = await import(${JSON.stringify(LOCK_MODULE)});
      for (let i = 0; i < 25; i++)
        updateFileLocked(process.env.ROOT, process.env.ROOT + "/configs/models.yaml", (old) =>
          (old ?? "models:\\n") + "  - w" + process.env.W + "-" + i + "\\n");`;
    const runs = await Promise.all(
      [1, 2, 3, 4].map((w) =>
        exec(["--input-type=module", "-e", script], root, { ROOT: root, W: String(w) }),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const entries = readFileSync(path.join(root, "configs/models.yaml"), "utf8").trim().split("\n").slice(1);
    expect(entries).toHaveLength(100);
    expect(new Set(entries).size).toBe(100);
  });

  it("three processes promoting runs 6 times each into configs/models.yaml: all 18 versions land", async () => {
    const root = tempRepo();
    const runs = ["demo-b0541e87", "smoke-lr-t004-f41ecdae", "smoke-lr-t005-0ac1bd30"];
    for (const f of [
      "datasets/demo.yaml",
      "datasets/demo.lock.json",
      "configs/runs/demo.yaml",
      "configs/runs/tiny.yaml",
    ])
      cpSync(path.join(PROJECT, f), path.join(root, f), { recursive: true });
    for (const id of runs)
      cpSync(path.join(PROJECT, "runs", id), path.join(root, "runs", id), { recursive: true });
    const script = `
      const { promoteRun } = await import(${JSON.stringify(new URL("../run/promote.ts", import.meta.url).href)});
      for (let i = 0; i < 6; i++)
        promoteRun(process.env.ROOT, process.env.RUN, { name: "m" + process.env.W + "-" + i, stage: "candidate" });`;
    const results = await Promise.all(
      runs.map((id, w) =>
        exec(["--input-type=module", "-e", script], root, { ROOT: root, RUN: id, W: String(w) }),
      ),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const registry = readFileSync(path.join(root, "configs/models.yaml"), "utf8");
    const names = [...registry.matchAll(/name: (m\d-\d)/g)].map((m) => m[1]).sort();
    expect(names).toEqual(runs.flatMap((_, w) => Array.from({ length: 6 }, (_, i) => `m${w}-${i}`)).sort());
  });

  it("a second process on a busy run folder is refused at once, naming the holder", async () => {
    const root = tempRepo();
    const holder = spawn(
      NODE,
      [
        "--input-type=module",
        "-e",
        `const { acquireLock } = await import(${JSON.stringify(LOCK_MODULE)});
         acquireLock(process.env.ROOT, process.env.ROOT + "/runs/busy-1");
         console.log("held");
         process.stdin.on("data", () => process.exit(0));`,
      ],
      { env: { ...process.env, ROOT: root }, stdio: ["pipe", "pipe", "inherit"] },
    );
    await new Promise((resolve) => holder.stdout.once("data", resolve));
    try {
      let err: unknown;
      try {
        acquireLock(root, path.join(root, "runs/busy-1"), { waitMs: 0 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TunixError);
      expect((err as TunixError).code).toBe("E_BUSY");
      expect((err as TunixError).message).toMatch(
        new RegExp(
          `^runs/busy-1: being written by process ${holder.pid} on ${os.hostname()} since \\S+ \\(tunix-rt\\) \\(wait for it to finish and try again; if no such process runs, delete \\.cache/tunix-rt/locks/runs_busy-1-[0-9a-f]{8}\\.lock\\)$`,
        ),
      );
    } finally {
      holder.stdin.write("x");
      await new Promise((resolve) => holder.on("close", resolve));
    }
    // The holder ended (its lock file is gone), so the run folder is free again.
    const release = acquireLock(root, path.join(root, "runs/busy-1"), { waitMs: 0 });
    release();
  });

  it("a lock left by a process that died is taken over", async () => {
    const root = tempRepo();
    const dead = await exec(["-e", "console.log(process.pid)"], root);
    const file = lockFileOf(root, path.join(root, "traces/x.jsonl"));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ pid: Number(dead.stdout), host: os.hostname(), since: "then", command: "tunix-rt x" }),
    );
    const release = acquireLock(root, path.join(root, "traces/x.jsonl"), { waitMs: 0 });
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    release();
    expect(existsSync(file)).toBe(false);
  });
});

function readLocks(root: string): string[] {
  const dir = path.join(root, LOCK_DIR);
  return existsSync(dir) ? readdirSync(dir) : [];
}
