// Module boundaries of pipeline/src, read from the code: every import of every module (static,
// type-only, `export … from`, `import("…")` with a literal) is parsed with TypeScript's own
// pre-processor, and the test fails on
//   - an import that goes up a floor (FLOORS below: a folder may import its own floor and the
//     floors under it, never one above);
//   - an import cycle between folders, even within one floor;
//   - an import cycle between files (KNOWN_FILE_CYCLES lists the ones still being removed).
// Test files (`*.test.ts`) are left out: nothing imports a test, so its imports cannot form a cycle
// or make a lower floor depend on a higher one (an end-to-end test of a stage may drive the CLI).
// The floors follow the data flow: traces → dataset → train/infer/judge → report → run → cli.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Bottom to top. A folder is the first path segment under pipeline/src (`errors.ts` → `errors`). */
const FLOORS: readonly (readonly string[])[] = [
  ["errors", "random", "schemas"], // 0 ground: the error class, seeded randomness, zod schemas
  ["io"], // 1 files and git: atomic writes, readers with schemas, JSONL, YAML, repo paths
  ["traces", "model"], // 2 trace hashing/import/synthesis and trace formats; tensors, models, tokenizers
  ["dataset"], // 3 manifest → lock, examples, exports, chat template
  ["train", "infer", "judge"], // 4 stage modules, pure of run folders: SFT, generation, judges
  ["report", "validate"], // 5 summaries, statistics, leaderboards; whole-repo validation
  ["run", "github", "sweep"], // 6 orchestration (run folders, stages), remotes, sweeps
  ["cli"], // 7 one file per verb
  ["index"], // 8 the public entry (index.ts): re-exports the library's groups
];

/** File cycles that exist today and are to be removed (type or lazy imports); the list only shrinks. */
const KNOWN_FILE_CYCLES: readonly (readonly string[])[] = [];

interface Edge {
  from: string;
  to: string;
}

const SRC = path.dirname(fileURLToPath(import.meta.url));

describe("module boundaries of pipeline/src", () => {
  const edges = importEdges(SRC);

  it("finds the imports of the code (a sanity check of the parser on the real tree)", () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: "run/pipeline.ts", to: "run/train-stage.ts" });
    expect(edges).toContainEqual({ from: "cli/run.ts", to: "run/pipeline.ts" });
  });

  it("has no upward import and no import cycle between folders", () => {
    expect(floorProblems(edges)).toEqual([]);
    expect(folderCycles(edges)).toEqual([]);
  });

  it("has no import cycle between files beyond the known ones, and every known one still exists", () => {
    const known = new Set(KNOWN_FILE_CYCLES.map((c) => [...c].sort().join(" ↔ ")));
    const found = fileCycles(edges).map((c) => c.join(" ↔ "));
    expect(found.filter((c) => !known.has(c))).toEqual([]);
    expect([...known].filter((c) => !found.includes(c))).toEqual([]); // fixed: remove it from the list
  });
});

describe("the boundary checks on synthetic graphs", () => {
  it("parses static, type-only, re-export and literal dynamic imports, not comments or strings", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type { B } from "../run/b.ts";',
      'export { c } from "./c.ts";',
      'const d = await import("../model/d.ts");',
      "const e = await import(name);",
      '// import f from "./f.ts";',
      'const g = "import g from \\"./g.ts\\"";',
      'import { z } from "zod";',
    ].join("\n");
    expect(importSpecifiers(text)).toEqual(["./a.ts", "../run/b.ts", "./c.ts", "../model/d.ts", "zod"]);
  });

  it("fails when train/ imports run/ again (upward, and a loop with run → train)", () => {
    const edges: Edge[] = [
      { from: "run/train-stage.ts", to: "train/sft.ts" },
      { from: "train/sft.ts", to: "run/manifest.ts" },
    ];
    expect(floorProblems(edges)).toEqual([
      "train/sft.ts imports run/manifest.ts: train (floor 4) may not import run (floor 6)",
    ]);
    expect(folderCycles(edges)).toEqual([
      "folders run, train form an import loop (e.g. run/train-stage.ts → train/sft.ts)",
    ]);
  });

  it("allows imports down and sideways, but not a sideways loop", () => {
    const down: Edge[] = [
      { from: "judge/format.ts", to: "traces/formats.ts" },
      { from: "run/infer-stage.ts", to: "infer/predictions.ts" },
      { from: "cli/x.ts", to: "errors.ts" },
    ];
    expect(floorProblems(down)).toEqual([]);
    expect(folderCycles(down)).toEqual([]);
    const sideways: Edge[] = [
      { from: "train/a.ts", to: "infer/b.ts" },
      { from: "infer/b.ts", to: "judge/c.ts" },
      { from: "judge/c.ts", to: "train/d.ts" },
    ];
    expect(floorProblems(sideways)).toEqual([]);
    expect(folderCycles(sideways)).toEqual([
      "folders infer, judge, train form an import loop (e.g. train/a.ts → infer/b.ts)",
    ]);
  });

  it("names a folder without a floor, and finds file cycles", () => {
    expect(floorProblems([{ from: "plugins/x.ts", to: "io/read.ts" }])).toEqual([
      "plugins/x.ts: folder plugins has no floor; add it to FLOORS in boundaries.test.ts",
    ]);
    const edges: Edge[] = [
      { from: "dataset/prng.ts", to: "dataset/id-store.ts" },
      { from: "dataset/id-store.ts", to: "dataset/prng.ts" },
      { from: "dataset/split.ts", to: "dataset/prng.ts" },
    ];
    expect(fileCycles(edges)).toEqual([["dataset/id-store.ts", "dataset/prng.ts"]]);
  });
});

/** Module specifiers a source text imports (the TypeScript pre-processor: no comments or strings). */
function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Every import from one module of `src` to another (paths relative to `src`, with "/"), tests left out. */
function importEdges(src: string): Edge[] {
  const files = readdirSync(src, { recursive: true, encoding: "utf8" })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const known = new Set(files);
  return files.flatMap((from) =>
    importSpecifiers(readFileSync(path.join(src, from), "utf8"))
      .filter((s) => s.startsWith("."))
      .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(from), s)))
      .filter((to) => known.has(to))
      .map((to) => ({ from, to })),
  );
}

function folderOf(file: string): string {
  return file.split("/")[0].replace(/\.ts$/, "");
}

function floorOf(folder: string): number {
  return FLOORS.findIndex((floor) => floor.includes(folder));
}

function floorProblems(edges: readonly Edge[]): string[] {
  const out = new Set<string>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    for (const [file, folder] of [
      [from, a],
      [to, b],
    ]) {
      if (floorOf(folder) < 0)
        out.add(`${file}: folder ${folder} has no floor; add it to FLOORS in boundaries.test.ts`);
    }
    if (floorOf(a) >= 0 && floorOf(a) < floorOf(b))
      out.add(`${from} imports ${to}: ${a} (floor ${floorOf(a)}) may not import ${b} (floor ${floorOf(b)})`);
  }
  return [...out];
}

/** Each folder cycle as "folders a, b form an import loop (e.g. one import inside it)". */
function folderCycles(edges: readonly Edge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges)
    if (folderOf(e.from) !== folderOf(e.to)) addEdge(graph, folderOf(e.from), folderOf(e.to));
  return stronglyConnected(graph).map((folders) => {
    const e = edges.find(
      (x) =>
        folderOf(x.from) !== folderOf(x.to) &&
        folders.includes(folderOf(x.from)) &&
        folders.includes(folderOf(x.to)),
    )!;
    return `folders ${folders.join(", ")} form an import loop (e.g. ${e.from} → ${e.to})`;
  });
}

function fileCycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) addEdge(graph, e.from, e.to);
  return stronglyConnected(graph);
}

function addEdge(graph: Map<string, Set<string>>, a: string, b: string): void {
  if (!graph.has(a)) graph.set(a, new Set());
  if (!graph.has(b)) graph.set(b, new Set());
  graph.get(a)!.add(b);
}

/** Strongly connected components of more than one node (Tarjan), each sorted, in sorted order. */
function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) out.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}
