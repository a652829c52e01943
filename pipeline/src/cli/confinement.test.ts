// Confinement through the real CLI, each reported case plus more of its kind: `run --force` with an
// artifacts.dir outside (absolute, .., through a symlink) deletes and writes nothing there, and
// inside it deletes only what the run made; `dataset export --out` and other outputs never land on
// package.json, outside, or a top-level folder; manifests that reach outside never get quoted by
// `validate --format github`; dangling and looping symlinks and absolute globs are one clear line,
// never a stack trace; `publish` refuses symlinked run files. The repository is P/repo and
// "outside" is P/outside of one temp folder P, removed at the end.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTinyRepo, runCli, TINY_CONFIG } from "../../../tests/e2e/tiny-repo.ts";
import { TunixError } from "../errors.ts";
import { writeRun } from "../github/git-fixture.ts";
import { checkRunFolder } from "../github/run-folder.ts";
import { COMMANDS } from "./commands.ts";
import { namesAPath } from "./option-paths.ts";

let P: string;
let root: string;
let outside: string;
const SECRET = "secret-line-from-outside";

beforeAll(() => {
  P = mkdtempSync(path.join(os.tmpdir(), "tunix-confine-cli-"));
  root = path.join(P, "repo");
  renameSync(makeTinyRepo(), root);
  outside = path.join(P, "outside");
  mkdirSync(path.join(outside, "keep"), { recursive: true });
  writeFileSync(path.join(outside, "keep/sentinel.txt"), "keep\n");
  writeFileSync(path.join(outside, "secret.jsonl"), `${SECRET}\n`);
  expect(runCli(root, ["dataset", "build", "e2e"]).code).toBe(0);
});
afterAll(() => rmSync(P, { recursive: true, force: true }));

/** Every file under `outside`, with its bytes: must never change. */
function outsideState(): string {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? walk(path.join(d, e.name))
        : [`${path.relative(outside, path.join(d, e.name))}=${readFileSync(path.join(d, e.name), "utf8")}`],
    );
  return walk(outside).sort().join("\n");
}

/** A user error: exit 1 (or 2), one message, never a stack trace. */
function refused(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
}

describe("run --force and artifacts.dir", () => {
  it.each([
    ["an absolute artifacts.dir (the reported /tmp/x)", () => path.join(outside, "keep")],
    ["a relative climb (the reported ../../tmp/y)", () => "../outside/keep"],
    [
      "a symlinked folder inside the repository leading out",
      () => {
        symlinkSync(outside, path.join(root, "linked"));
        return "linked/keep";
      },
    ],
  ])("%s: refused before anything is written or deleted", (_, dir) => {
    const before = outsideState();
    const r = runCli(root, ["run", TINY_CONFIG, "--set", `artifacts.dir=${dir()}`, "--force"]);
    refused(
      r,
      /^--set: artifacts\.dir: the path leads outside the repository: expected a path inside the repository/,
    );
    expect(outsideState()).toBe(before);
  });

  it("deletes only the checkpoints and model the run made", () => {
    const first = runCli(root, ["run", TINY_CONFIG, "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const { runId } = JSON.parse(first.stdout);
    const mine = path.join(root, "artifacts", runId, "notes.md");
    writeFileSync(mine, "not the run's\n");
    const again = runCli(root, ["run", TINY_CONFIG, "--force", "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(mine, "utf8")).toBe("not the run's\n");
    expect(existsSync(path.join(root, "artifacts", runId, "model/model.safetensors"))).toBe(true);
  });
});

describe("outputs named on the command line", () => {
  it.each([
    [
      "dataset export --out package.json (reported)",
      ["dataset", "export", "e2e", "--split", "train", "--out", "package.json"],
      /^--out: the pipeline does not write over code or package files/,
    ],
    [
      "dataset export --out /nonexistent (reported)",
      ["dataset", "export", "e2e", "--split", "train", "--out", "/nonexistent/x.jsonl"],
      /^--out: the path leads outside the repository/,
    ],
    [
      "dataset export --out ../outside",
      ["dataset", "export", "e2e", "--split", "train", "--out", "../outside/x.jsonl"],
      /^--out: the path leads outside the repository/,
    ],
    [
      "traces synth --out into .git",
      ["traces", "synth", "--family", "sums", "--count", "2", "--out", ".git/hooks/pre-commit"],
      /^--out: the pipeline does not write into \.git\//,
    ],
    [
      "model merge --out over the root",
      ["model", "merge", "runs/none", "--out", "."],
      /^--out: the pipeline does not write over the repository root/,
    ],
  ])("%s", (_, args, message) => {
    writeFileSync(path.join(root, "package.json"), '{"name":"mine"}\n');
    const r = runCli(root, args);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(path.join(root, "package.json"), "utf8")).toBe('{"name":"mine"}\n');
    expect(existsSync("/nonexistent")).toBe(false);
  });

  it("traces import --out through a symlink leading outside", () => {
    symlinkSync(outside, path.join(root, "traces/elsewhere"));
    writeFileSync(path.join(root, "in.jsonl"), '{"q":"What is 1 + 1?","a":"2"}\n');
    const before = outsideState();
    const r = runCli(root, [
      "traces",
      "import",
      "in.jsonl",
      "--format",
      "jsonl",
      "--map",
      "prompt=q,answer=a,steps=",
      "--out",
      "traces/elsewhere/x.jsonl",
    ]);
    refused(r, /^--out: the path leads outside the repository: .*through a symlink/);
    expect(outsideState()).toBe(before);
    rmSync(path.join(root, "traces/elsewhere"));
  });

  it("every option of every verb that names a file or folder declares how it is checked", () => {
    const undeclared = COMMANDS.flatMap((c) =>
      Object.entries(c.options ?? {})
        .filter(([name, o]) => namesAPath(name, o.valueName) && o.path === undefined)
        .map(([name]) => `${c.name} --${name}`),
    );
    expect(undeclared).toEqual([]);
  });
});

describe("manifests and symlinks under data folders", () => {
  const manifest = (sources: string) =>
    `schemaVersion: 1\nname: evil\nsources: [${JSON.stringify(sources)}]\nsplit: { ratios: { train: 0.5, eval: 0.5 } }\n`;

  it.each([
    ["a climb out of traces/ (reported: quoted a line of /etc/passwd)", "traces/../../outside/secret.jsonl"],
    ["an absolute glob (reported: crashed)", "OUTSIDE/*.jsonl"],
    ["a glob climbing out", "../outside/*.jsonl"],
  ])("%s: never read, never quoted", (_, sources) => {
    writeFileSync(path.join(root, "datasets/evil.yaml"), manifest(sources.replace("OUTSIDE", outside)));
    for (const args of [
      ["validate", "--format", "github"],
      ["dataset", "build", "evil"],
    ]) {
      const r = runCli(root, args);
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    refused(
      runCli(root, ["dataset", "build", "evil"]),
      /^datasets\/evil\.yaml: sources: the glob leads outside the repository/,
    );
    rmSync(path.join(root, "datasets/evil.yaml"));
  });

  it.each([
    [
      "a symlink leading outside (reported: followed)",
      () => symlinkSync(path.join(outside, "secret.jsonl"), path.join(root, "traces/e2e/link.jsonl")),
      "the path leads outside the repository",
    ],
    [
      "a dangling symlink (reported: stack trace)",
      () => symlinkSync(path.join(root, "gone.jsonl"), path.join(root, "traces/e2e/link.jsonl")),
      "the path goes through a symlink that points to nothing (dangling)",
    ],
    [
      "a looping symlink (reported: stack trace)",
      () => symlinkSync("link.jsonl", path.join(root, "traces/e2e/link.jsonl")),
      "the path goes through a symlink loop",
    ],
  ])("%s: validate and dataset build say so in one line", (_, make, reason) => {
    make();
    try {
      // validate names the file; dataset build names the manifest field whose glob reached it.
      const where = { validate: "traces/e2e/link.jsonl: file", dataset: "datasets/e2e.yaml: sources" };
      for (const args of [["validate"], ["dataset", "build", "e2e"]]) {
        const r = runCli(root, args);
        expect(r.stderr.startsWith(`${where[args[0] as "validate"]}: ${reason}`), r.stderr).toBe(true);
        refused(r, /traces\/e2e\/link\.jsonl/);
        expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      }
    } finally {
      rmSync(path.join(root, "traces/e2e/link.jsonl"));
    }
  });
});

describe("data files linked from outside", () => {
  it("a dataset manifest or lock that is a symlink leading outside is refused, never read or written", () => {
    writeFileSync(path.join(outside, "evil.yaml"), `schemaVersion: 1\nname: evil\nsources: [${SECRET}]\n`);
    symlinkSync(path.join(outside, "evil.yaml"), path.join(root, "datasets/evil.yaml"));
    const before = outsideState();
    try {
      refused(
        runCli(root, ["dataset", "build", "evil"]),
        /^datasets\/evil\.yaml: dataset: the path leads outside/,
      );
      rmSync(path.join(root, "datasets/evil.yaml"));
      const lock = path.join(root, "datasets/e2e.lock.json");
      const saved = readFileSync(lock);
      rmSync(lock);
      symlinkSync(path.join(outside, "keep/sentinel.txt"), lock);
      refused(
        runCli(root, ["dataset", "build", "e2e"]),
        /^datasets\/e2e\.lock\.json: dataset: the path leads outside/,
      );
      rmSync(lock);
      writeFileSync(lock, saved);
    } finally {
      rmSync(path.join(root, "datasets/evil.yaml"), { force: true });
    }
    expect(outsideState()).toBe(before);
  });
});

describe("publish refuses symlinked run files", () => {
  async function problemOf(dir: string): Promise<string> {
    try {
      await checkRunFolder(root, dir);
    } catch (err) {
      if (err instanceof TunixError) return err.message;
      throw err;
    }
    return "accepted";
  }

  it("a run file linked outside (reported), inside, and a run folder that is itself a link", async () => {
    writeRun(root, "pub-1");
    writeFileSync(path.join(outside, "predictions.jsonl"), `${SECRET}\n`);
    symlinkSync(path.join(outside, "predictions.jsonl"), path.join(root, "runs/pub-1/predictions.jsonl"));
    expect(await problemOf("runs/pub-1")).toMatch(
      /^runs\/pub-1\/predictions\.jsonl: file: the path leads outside the repository/,
    );
    rmSync(path.join(root, "runs/pub-1/predictions.jsonl"));
    symlinkSync("metrics.jsonl", path.join(root, "runs/pub-1/verdicts.jsonl"));
    expect((await problemOf("runs/pub-1")).split("\n")[0]).toBe(
      "runs/pub-1/verdicts.jsonl: a symlink (replace it with the file itself (run folders hold plain files))",
    );
    rmSync(path.join(root, "runs/pub-1/verdicts.jsonl"));
    expect(await problemOf("runs/pub-1")).toBe("accepted");
    writeRun(outside, "pub-2");
    symlinkSync(path.join(outside, "runs/pub-2"), path.join(root, "runs/pub-2"));
    expect(await problemOf("runs/pub-2")).toMatch(
      /^runs\/pub-2\/metrics\.jsonl: file: the path leads outside the repository/,
    );
  });
});
