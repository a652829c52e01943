// The real `tunix-rt validate` as a subprocess: a clean repo exits 0; one corrupted line of one trace
// file exits 1 naming that file and line, as text, GitHub annotations and JSON.
import { beforeAll, describe, expect, it } from "vitest";
import { makeValidRepo, replaceLine, runCli, traceLine } from "./test-repo.ts";

const stripTime = (s: string) => s.replace(/ in \d+\.\ds$/m, " in <t>s");

let clean: string;
beforeAll(async () => {
  clean = await makeValidRepo();
});

it("a valid repository passes", () => {
  const r = runCli(clean, ["validate"]);
  expect(r.stdout).toMatch(/^validate: 9 files, 8 traces, 0 problems in \d+\.\ds\n$/);
  expect(r.code).toBe(0);
});

// traces/b/b.jsonl holds t-6, t-7, t-8 on lines 1–3; traces/a.jsonl holds t-1 … t-5.
const CORRUPTIONS: [string, number, string, string][] = [
  [
    "bad JSON",
    2,
    traceLine(7).slice(0, -1),
    "traces/b/b.jsonl:2: invalid JSON: Expected ',' or '}' after property value at column 157 (each line must be one JSON object)",
  ],
  [
    "a missing field",
    3,
    traceLine(8).replace(/,"answer":"16"/, ""),
    "traces/b/b.jsonl:3: answer: expected string, found nothing",
  ],
  [
    "a duplicate id",
    2,
    traceLine(7, { id: "t-4" }),
    'traces/b/b.jsonl:2: id: expected an id used by no other trace, found "t-4", also at traces/a.jsonl:4 (give one of them a new id; ids are unique across all trace files)',
  ],
  [
    "an unknown key",
    1,
    traceLine(6, { colour: "red" }),
    'traces/b/b.jsonl:1: colour: expected only known keys, found unknown key "colour" (remove it or fix its spelling; see the JSON Schema from `npm run schemas`)',
  ],
];

describe.each(CORRUPTIONS)("one trace line with %s", (_what, line, text, expected) => {
  let root: string;
  beforeAll(async () => {
    root = await makeValidRepo();
    replaceLine(root, "traces/b/b.jsonl", line, text);
  });

  it("exits 1 naming the file and line", () => {
    const r = runCli(root, ["validate"]);
    expect(r.code).toBe(1);
    expect(stripTime(r.stdout)).toBe(`${expected}\nvalidate: 9 files, 8 traces, 1 problem in <t>s\n`);
  });

  it("prints a GitHub annotation with --format github", () => {
    const r = runCli(root, ["validate", "--format", "github"]);
    expect(r.code).toBe(1);
    const first = r.stdout.split("\n")[0];
    expect(first.startsWith(`::error file=traces/b/b.jsonl,line=${line},title=`)).toBe(true);
    expect(first).toContain(expected.replace(`traces/b/b.jsonl:${line}: `, ""));
  });
});

it("validates only the given paths, checking ids against the whole repository", async () => {
  const root = await makeValidRepo({ "traces/new.jsonl": `${traceLine(1)}\n` });
  replaceLine(root, "traces/b/b.jsonl", 1, "{");
  const r = runCli(root, ["validate", "traces/new.jsonl"]);
  expect(stripTime(r.stdout)).toMatchInlineSnapshot(`
    "traces/new.jsonl:1: id: expected an id used by no other trace, found "t-1", also at traces/a.jsonl:1 (give one of them a new id; ids are unique across all trace files)
    validate: 1 file, 1 trace, 1 problem in <t>s
    "
  `);
  expect(r.code).toBe(1);
});

it("prints one JSON object with --json", async () => {
  const root = await makeValidRepo();
  replaceLine(root, "traces/b/b.jsonl", 3, traceLine(8, { answer: 16 }));
  const r = runCli(root, ["validate", "--json"]);
  expect(r.code).toBe(1);
  const { seconds, ...report } = JSON.parse(r.stdout);
  expect(typeof seconds).toBe("number");
  expect(report).toMatchInlineSnapshot(`
    {
      "files": 9,
      "ok": false,
      "problemCount": 1,
      "problems": [
        {
          "check": "schema",
          "expected": "string",
          "field": "answer",
          "file": "traces/b/b.jsonl",
          "found": "16",
          "line": 3,
        },
      ],
      "traces": 8,
    }
  `);
});

it("rejects an unknown --format as a usage error", () => {
  const r = runCli(clean, ["validate", "--format", "xml"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--format: expected text | github, found xml");
});
