// Strict input, each class with the reported case and more of its kind: bytes that are not UTF-8
// (silently U+FFFD before), a byte order mark (a cryptic JSON error before), duplicate JSON keys
// (passed before), a YAML alias bomb (an uncaught ReferenceError before) and trace sizes over the
// documented limits (schemas/trace.ts TRACE_LIMITS). Every one is a clear `file:line` message.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem, TunixError } from "../errors.ts";
import { readJsonl } from "../io/lines.ts";
import { parseYaml, readJsonFile } from "../io/read.ts";
import { lineBatches } from "../io/trace-reader.ts";
import { loadRunConfig } from "../run/config-load.ts";
import { RunManifest } from "../schemas/run.ts";
import { TRACE_LIMITS } from "../schemas/trace.ts";
import { makeValidRepo, runCli, traceLine, writeRepoFile } from "./test-repo.ts";
import { validateRepo } from "./validate.ts";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
async function repo(): Promise<string> {
  const root = await makeValidRepo();
  roots.push(root);
  return root;
}

async function problems(root: string): Promise<string[]> {
  return (await validateRepo(root, { cwd: root })).problems.map(formatProblem);
}

async function errorOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof TunixError) return err.message;
    throw err;
  }
  throw new Error("no error");
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

describe("bytes that are not UTF-8 are refused at their line", () => {
  it("in a trace file (the reported case: read as U+FFFD before)", async () => {
    const root = await repo();
    const bad = bytes(
      `${traceLine(1)}\n${traceLine(2)}\n`,
      traceLine(3).slice(0, 60),
      [0xff],
      traceLine(3).slice(61),
      "\n",
    );
    writeFileSync(path.join(root, "traces/a.jsonl"), bad);
    expect(await problems(root)).toContain(
      "traces/a.jsonl:3: not valid UTF-8: byte 0xff at byte 61 of the line; the rest of the file was not read (save the file as UTF-8 (the pipeline never guesses another encoding))",
    );
  });

  it("in a run config (YAML) and a run manifest (JSON)", async () => {
    const root = await repo();
    writeFileSync(
      path.join(root, "configs/runs/tiny.yaml"),
      bytes("schemaVersion: 1\ndescription: caf", [0xe9], "\n"),
    );
    expect(await errorOf(() => loadRunConfig(root, "configs/runs/tiny.yaml"))).toBe(
      "configs/runs/tiny.yaml:2: not valid UTF-8: byte 0xe9 at byte 17 of the line (save the file as UTF-8 (the pipeline never guesses another encoding))",
    );
    writeFileSync(path.join(root, "runs/tiny-1/run.json"), bytes('{\n  "id": "', [0xc3, 0x28], '"\n}\n'));
    expect(
      await errorOf(() =>
        readJsonFile(path.join(root, "runs/tiny-1/run.json"), RunManifest, "runs/tiny-1/run.json"),
      ),
    ).toMatch(/^runs\/tiny-1\/run\.json:2: not valid UTF-8: byte 0xc3 at byte 10 of the line/);
  });

  it("in a JSONL run file; a character split across read chunks is still fine", async () => {
    const root = await repo();
    const file = path.join(root, "runs/tiny-1/metrics.jsonl");
    writeFileSync(file, bytes('{"a":1}\n{"b":"', [0xed, 0xa0, 0x80], '"}\n'));
    expect(
      await errorOf(async () => {
        for await (const _ of readJsonl(file, "runs/tiny-1/metrics.jsonl"));
      }),
    ).toMatch(/^runs\/tiny-1\/metrics\.jsonl:2: not valid UTF-8: byte 0xed at byte 7 of the line/);
    writeFileSync(file, `${"é".repeat(10)}\n${"€".repeat(7)}\n`);
    const lines: string[] = [];
    for await (const b of lineBatches(file, 5)) lines.push(...b.lines);
    expect(lines).toEqual(["é".repeat(10), "€".repeat(7)]);
  });
});

describe("a byte order mark is a clear error", () => {
  const BOM = [0xef, 0xbb, 0xbf];
  const expected = (file: string) =>
    `${file}:1: the file starts with a byte order mark (U+FEFF) (save it as UTF-8 without a BOM)`;

  it("in a trace file (the reported case: a cryptic JSON error before)", async () => {
    const root = await repo();
    writeFileSync(path.join(root, "traces/a.jsonl"), bytes(BOM, `${traceLine(1)}\n`));
    expect(await problems(root)).toContain(
      "traces/a.jsonl:1: the file starts with a byte order mark (U+FEFF); the rest of the file was not read (save it as UTF-8 without a BOM)",
    );
  });

  it("in a YAML config and a JSON lock", async () => {
    const root = await repo();
    writeFileSync(path.join(root, "configs/runs/tiny.yaml"), bytes(BOM, "schemaVersion: 1\n"));
    expect(await errorOf(() => loadRunConfig(root, "configs/runs/tiny.yaml"))).toBe(
      expected("configs/runs/tiny.yaml"),
    );
    expect(await problems(root)).toEqual([expected("configs/runs/tiny.yaml")]);
    writeFileSync(path.join(root, "configs/runs/tiny.yaml"), "schemaVersion: 1\ndataset: { name: demo }\n");
    const lock = path.join(root, "datasets/demo.lock.json");
    writeFileSync(lock, Buffer.concat([Buffer.from(BOM), readFileSync(lock)]));
    expect(await problems(root)).toContain(expected("datasets/demo.lock.json"));
  });
});

describe("duplicate JSON keys are refused (a reviewer may read one value, the pipeline another)", () => {
  it("in a trace line (the reported case)", async () => {
    const root = await repo();
    const line = traceLine(1).replace('"answer":"2"', '"answer":"2","answer":"3"');
    writeRepoFile(root, "traces/a.jsonl", `${line}\n`);
    expect(await problems(root)).toContain(
      `traces/a.jsonl:1: answer: duplicate key "answer" at column ${line.indexOf('"answer":"3"') + 1} (JSON keeps only the last value, so readers may disagree on which one counts; keep one)`,
    );
  });

  it("nested in a step, and in a run manifest spread over lines", async () => {
    const root = await repo();
    const line = traceLine(1).replace('{"text":', '{"kind":"calc","kind":"note","text":');
    writeRepoFile(root, "traces/a.jsonl", `${line}\n`);
    const run =
      '{\n  "schemaVersion": 1,\n  "id": "tiny-1",\n  "status": "completed",\n  "status": "failed"\n}\n';
    writeRepoFile(root, "runs/tiny-1/run.json", run);
    const lines = await problems(root);
    expect(lines).toContain(
      `traces/a.jsonl:1: steps.0.kind: duplicate key "kind" at column ${line.indexOf('"kind":"note"') + 1} (JSON keeps only the last value, so readers may disagree on which one counts; keep one)`,
    );
    expect(lines).toContain(
      'runs/tiny-1/run.json:5: status: duplicate key "status" at column 3 (JSON keeps only the last value, so readers may disagree on which one counts; keep one)',
    );
    expect(
      await errorOf(() =>
        readJsonFile(path.join(root, "runs/tiny-1/run.json"), RunManifest, "runs/tiny-1/run.json"),
      ),
    ).toBe(
      'runs/tiny-1/run.json:5: status: duplicate key "status" at column 3 (JSON keeps only the last value, so readers may disagree on which one counts; keep one)',
    );
  });

  it("in a JSONL run file", async () => {
    const root = await repo();
    const file = path.join(root, "runs/tiny-1/metrics.jsonl");
    writeFileSync(file, '{"step":1,"kind":"eval","step":2}\n');
    const rows = [];
    for await (const r of readJsonl(file)) rows.push(r);
    expect(rows).toEqual([{ line: 1, error: 'duplicate key "step" at column 25' }]);
    expect(await problems(root)).toContain(
      'runs/tiny-1/metrics.jsonl:1: invalid JSON: duplicate key "step" at column 25 (each line must be one JSON object)',
    );
  });
});

describe("a YAML alias bomb is refused at its line, never an uncaught ReferenceError", () => {
  // Each level doubles the one before: 2^12 expansions from a few lines.
  const bomb = [
    "a: &a [x, x]",
    ...Array.from(
      { length: 12 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
    ),
  ];

  it("in a run config (the reported case)", async () => {
    const root = await repo();
    writeRepoFile(root, "configs/runs/tiny.yaml", `schemaVersion: 1\n${bomb.join("\n")}\n`);
    expect(await errorOf(() => loadRunConfig(root, "configs/runs/tiny.yaml"))).toMatch(
      /^configs\/runs\/tiny\.yaml:3: too many alias expansions \(over 100\): .* \(write the values out instead of nesting aliases \(\*name\) that expand into each other\)$/,
    );
    const r = runCli(root, ["run", "configs/runs/tiny.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^configs\/runs\/tiny\.yaml:3: too many alias expansions/);
    expect(r.stderr).not.toMatch(/ReferenceError|\n\s+at /);
  });

  it("in a dataset manifest under validate, and in any parsed YAML text", async () => {
    const root = await repo();
    writeRepoFile(root, "datasets/demo.yaml", `schemaVersion: 1\nname: demo\n${bomb.join("\n")}\n`);
    expect((await problems(root)).join("\n")).toMatch(/^datasets\/demo\.yaml:4: too many alias expansions/m);
    expect(await errorOf(() => parseYaml(`x: 1\n${bomb.join("\n")}\n`, "configs/sweeps/s.yaml"))).toMatch(
      /^configs\/sweeps\/s\.yaml:3: too many alias expansions/,
    );
  });
});

describe("trace sizes have documented limits", () => {
  it("a 5 MB prompt (the reported case) is over the per-trace limit", async () => {
    const root = await repo();
    const huge = traceLine(1, { prompt: "x".repeat(5_000_000) });
    writeRepoFile(root, "traces/a.jsonl", `${huge}\n${traceLine(2)}\n`);
    expect(await problems(root)).toContain(
      `traces/a.jsonl:1: the trace is ${huge.length.toLocaleString("en-US")} characters long, over the limit of 65,536 per trace (shorten it (see content/docs/limits-and-safety.md for every size limit))`,
    );
  });

  it("a prompt, a step and a tag list over their field limits", async () => {
    const root = await repo();
    writeRepoFile(
      root,
      "traces/a.jsonl",
      `${[
        traceLine(1, { prompt: "p".repeat(TRACE_LIMITS.promptChars + 1) }),
        traceLine(2, {
          steps: Array.from({ length: TRACE_LIMITS.steps + 1 }, () => ({ text: "2 + 2 = 4." })),
        }),
        traceLine(3, { tags: Array.from({ length: TRACE_LIMITS.tags + 1 }, (_, i) => `t${i}`) }),
        traceLine(4, { answer: "9".repeat(TRACE_LIMITS.answerChars + 1) }),
      ].join("\n")}\n`,
    );
    const lines = await problems(root);
    expect(lines.find((l) => l.startsWith("traces/a.jsonl:1: prompt:"))).toMatch(
      /^traces\/a\.jsonl:1: prompt: expected at most 8,000 characters, found "p{58}…$/,
    );
    expect(lines.find((l) => l.startsWith("traces/a.jsonl:2: steps:"))).toMatch(/expected at most 64 items/);
    expect(lines.find((l) => l.startsWith("traces/a.jsonl:3: tags:"))).toMatch(/expected at most 32 items/);
    expect(lines.find((l) => l.startsWith("traces/a.jsonl:4: answer:"))).toMatch(
      /expected at most 1,000 characters/,
    );
  });
});
