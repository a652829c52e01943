// Path confinement (io/confine.ts, io/repo.ts globFiles): paths from configs, manifests and flags
// resolve inside the repository after symlinks; outputs never land on code or git internals;
// dangling and looping symlinks and escaping globs are clear errors; removeCreated removes only what
// it is told. Each test works in its own temp folder P: the repository is P/repo, "outside" is
// P/outside, so nothing is read, written or deleted anywhere else.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { outputPathInRepo, pathInRepo, removeCreated } from "./confine.ts";
import { globFiles } from "./repo.ts";

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** P/repo (with traces/a.jsonl, package.json, pipeline/x.ts, .git/hooks/) and P/outside/secret.txt. */
function sandbox(): { root: string; outside: string } {
  const p = mkdtempSync(path.join(os.tmpdir(), "tunix-confine-"));
  temps.push(p);
  const root = path.join(p, "repo");
  const outside = path.join(p, "outside");
  for (const d of ["traces", "pipeline", ".git/hooks", "artifacts", outside]) {
    mkdirSync(path.resolve(root, d), { recursive: true });
  }
  writeFileSync(path.join(root, "traces/a.jsonl"), "{}\n");
  writeFileSync(path.join(root, "package.json"), "{}\n");
  writeFileSync(path.join(root, "pipeline/x.ts"), "export {};\n");
  writeFileSync(path.join(outside, "secret.txt"), "secret\n");
  return { root, outside };
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof TunixError) return err.message;
    throw err;
  }
  throw new Error("no error");
}

describe("pathInRepo: a path leading outside the repository is refused", () => {
  const { root, outside } = sandbox();
  symlinkSync(outside, path.join(root, "traces/out-dir"));
  symlinkSync(path.join(outside, "secret.txt"), path.join(root, "traces/out.jsonl"));
  const from = { field: "artifacts.dir", file: "configs/runs/x.yaml", line: 7 };

  it.each([
    ["an absolute path (the reported --set artifacts.dir=/tmp/x)", outside],
    ["a climb with .. (the reported ../../tmp/y)", "../outside/y"],
    ["a climb hidden in the middle", "traces/../../outside"],
    ["a symlinked folder leading out", "traces/out-dir/new"],
    ["a symlinked file leading out", "traces/out.jsonl"],
  ])("%s", (_, given) => {
    const msg = messageOf(() => pathInRepo(root, given, from));
    expect(msg).toMatch(/^configs\/runs\/x\.yaml:7: artifacts\.dir: the path leads outside the repository/);
  });

  it("shows where a symlink led", () => {
    expect(messageOf(() => pathInRepo(root, "traces/out.jsonl", from))).toBe(
      `configs/runs/x.yaml:7: artifacts.dir: the path leads outside the repository: expected a path inside the repository, found "traces/out.jsonl" (through a symlink, to ${path.join(outside, "secret.txt")}) (copy the file into the repository instead of linking to it)`,
    );
  });

  it("accepts paths inside, existing or not, relative or absolute, through inside symlinks", () => {
    symlinkSync(path.join(root, "traces"), path.join(root, "alias"));
    expect(pathInRepo(root, "traces/a.jsonl", from)).toBe(path.join(root, "traces/a.jsonl"));
    expect(pathInRepo(root, "artifacts/run-1/model", from)).toBe(path.join(root, "artifacts/run-1/model"));
    expect(pathInRepo(root, path.join(root, "traces"), from)).toBe(path.join(root, "traces"));
    expect(pathInRepo(root, "alias/a.jsonl", from)).toBe(path.join(root, "traces/a.jsonl"));
  });
});

describe("pathInRepo: broken symlinks are clear errors, never a stack trace", () => {
  const { root } = sandbox();
  symlinkSync(path.join(root, "nowhere"), path.join(root, "traces/dangling.jsonl"));
  symlinkSync("loop-b", path.join(root, "traces/loop-a"));
  symlinkSync("loop-a", path.join(root, "traces/loop-b"));
  const from = { field: "sources" };

  it.each([
    ["a dangling symlink", "traces/dangling.jsonl", /points to nothing \(dangling\)/],
    ["a path through a dangling symlink", "traces/dangling.jsonl/x", /points to nothing \(dangling\)/],
    ["a symlink loop", "traces/loop-a", /symlink loop/],
    ["a path through a symlink loop", "traces/loop-a/x.jsonl", /symlink loop/],
  ])("%s", (_, given, expected) => {
    const msg = messageOf(() => pathInRepo(root, given, from));
    expect(msg).toMatch(expected);
    expect(msg).toMatch(/^sources: /);
  });
});

describe("outputPathInRepo: outputs never replace code, packages or git internals", () => {
  const { root } = sandbox();
  const from = { field: "--out" };

  it.each([
    [
      "package.json (the reported dataset export --out)",
      "package.json",
      "file",
      /over code or package files/,
    ],
    ["a source file", "pipeline/x.ts", "file", /over code or package files/],
    ["a git hook", ".git/hooks/pre-commit", "file", /into \.git\//],
    ["a workflow", ".github/workflows/x.yml", "file", /into \.github\//],
    ["the repository root, replaced", ".", "replace-dir", /over the repository root/],
    ["a top-level folder, replaced", "traces", "replace-dir", /over a top-level folder/],
    ["a file over a folder", "traces", "file", /a file over a folder/],
  ] as const)("%s", (_, given, kind, expected) => {
    const msg = messageOf(() => outputPathInRepo(root, given, from, root, kind));
    expect(msg).toMatch(expected);
    expect(msg).toMatch(/^--out: the pipeline does not write/);
  });

  it("an output outside is refused like any path (the reported --out /nonexistent)", () => {
    expect(messageOf(() => outputPathInRepo(root, "/nonexistent/x.jsonl", from))).toMatch(
      /^--out: the path leads outside the repository/,
    );
    expect(existsSync("/nonexistent")).toBe(false);
  });

  it("accepts data outputs", () => {
    expect(outputPathInRepo(root, "exports/train.jsonl", from)).toBe(path.join(root, "exports/train.jsonl"));
    expect(outputPathInRepo(root, "artifacts/r-1/merged", from, root, "replace-dir")).toBe(
      path.join(root, "artifacts/r-1/merged"),
    );
  });
});

describe("globFiles: manifest globs stay inside the repository", () => {
  const { root, outside } = sandbox();
  writeFileSync(path.join(outside, "o.jsonl"), '{"secret": true}\n');
  const from = { file: "datasets/evil.yaml", field: "sources" };

  it.each([
    ["a climb with .. (the reported traces/../../../../etc/passwd)", "traces/../../outside/o.jsonl"],
    ["an absolute glob", path.join(outside, "*.jsonl")],
    ["a climb at the start", "../outside/*.jsonl"],
  ])("%s", (_, pattern) => {
    expect(messageOf(() => globFiles(root, [pattern], from))).toBe(
      `datasets/evil.yaml: sources: the glob leads outside the repository: expected a glob relative to the repository root, without a leading / or .., found ${JSON.stringify(pattern)} (write it like traces/**/*.jsonl)`,
    );
  });

  it("refuses hits that lead out through a symlink, dangle or loop, naming the file", () => {
    const traces = path.join(root, "traces");
    symlinkSync(path.join(outside, "o.jsonl"), path.join(traces, "link.jsonl"));
    expect(messageOf(() => globFiles(root, ["traces/*.jsonl"]))).toMatch(
      /^traces\/link\.jsonl: file: the path leads outside the repository/,
    );
    rmSync(path.join(traces, "link.jsonl"));
    symlinkSync(path.join(root, "gone.jsonl"), path.join(traces, "dangling.jsonl"));
    expect(messageOf(() => globFiles(root, ["traces/**/*"]))).toMatch(
      /^traces\/dangling\.jsonl: file: .*dangling/,
    );
    rmSync(path.join(traces, "dangling.jsonl"));
    symlinkSync("loop.jsonl", path.join(traces, "loop.jsonl"));
    expect(messageOf(() => globFiles(root, ["traces/*.jsonl"]))).toMatch(
      /^traces\/loop\.jsonl: file: .*loop/,
    );
    rmSync(path.join(traces, "loop.jsonl"));
    expect(globFiles(root, ["traces/*.jsonl"])).toEqual(["traces/a.jsonl"]);
  });
});

describe("removeCreated: --force deletes only what the run created", () => {
  it("removes the named entries, keeps anything else, and the folder only when empty", () => {
    const { root } = sandbox();
    const dir = path.join(root, "artifacts/run-1");
    for (const d of ["checkpoints/step-1", "model"]) mkdirSync(path.join(dir, d), { recursive: true });
    writeFileSync(path.join(dir, "model/model.safetensors"), "w");
    writeFileSync(path.join(dir, "notes.md"), "mine\n");
    removeCreated(root, "artifacts/run-1", ["checkpoints", "model"], { field: "artifacts.dir" });
    expect(existsSync(path.join(dir, "model"))).toBe(false);
    expect(existsSync(path.join(dir, "checkpoints"))).toBe(false);
    expect(readFileSync(path.join(dir, "notes.md"), "utf8")).toBe("mine\n");
    rmSync(path.join(dir, "notes.md"));
    mkdirSync(path.join(dir, "model"));
    removeCreated(root, "artifacts/run-1", ["checkpoints", "model"], { field: "artifacts.dir" });
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses a folder outside, deleting nothing there", () => {
    const { root, outside } = sandbox();
    mkdirSync(path.join(outside, "run-1/model"), { recursive: true });
    expect(
      messageOf(() =>
        removeCreated(root, path.join(outside, "run-1"), ["model"], { field: "artifacts.dir" }),
      ),
    ).toMatch(/^artifacts\.dir: the path leads outside the repository/);
    expect(existsSync(path.join(outside, "run-1/model"))).toBe(true);
  });
});
