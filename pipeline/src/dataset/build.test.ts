import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { DatasetLock } from "../schemas/lock.ts";
import { buildDatasetLock, checkDatasetLock, writeDatasetLock } from "./build.ts";
import { makeRepo, manifestYaml, removeRepos, trace, traceLines, writeFiles } from "./test-kit.ts";

afterAll(removeRepos);

const ids = (n: number, prefix = "t") =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);
const splitIds = (lock: DatasetLock, split: string) => lock.splits[split].map((e) => e.id);

function repoWith(body: string, traces = ids(100).map((id) => trace(id))) {
  return makeRepo({
    "traces/a.jsonl": traceLines(traces.slice(0, 60)),
    "traces/b.jsonl": traceLines(traces.slice(60)),
    "datasets/d.yaml": manifestYaml("d", body),
  });
}

async function errorOf(p: Promise<unknown>): Promise<TunixError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TunixError) return e;
    throw e;
  }
  throw new Error("expected a TunixError");
}

describe("buildDatasetLock", () => {
  it("writes byte-identical locks when built twice, valid against the lock schema", async () => {
    const root = repoWith("sources: [traces/*.jsonl]\nseed: 3");
    await writeDatasetLock(root, "d");
    const first = readFileSync(path.join(root, "datasets/d.lock.json"));
    await writeDatasetLock(root, "d");
    expect(readFileSync(path.join(root, "datasets/d.lock.json")).equals(first)).toBe(true);
    const lock = DatasetLock.parse(JSON.parse(first.toString()));
    expect(lock.splits.train.length + lock.splits.eval.length).toBe(100);
    expect(lock.splits.eval.length).toBe(10);
    expect(lock.candidates).toBe(100);
  });

  it("does not depend on the order of files or lines", async () => {
    const all = ids(100).map((id) => trace(id));
    const a = repoWith("sources: [traces/*.jsonl]", all);
    const reversed = [...all].reverse();
    const b = makeRepo({
      "traces/z.jsonl": traceLines(reversed.slice(0, 30)),
      "traces/y.jsonl": traceLines(reversed.slice(30)),
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]"),
    });
    expect(await buildDatasetLock(b, "d")).toEqual(await buildDatasetLock(a, "d"));
  });

  it("gives a different split for a different seed, the same for the same seed", async () => {
    const s1 = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]\nseed: 1"), "d");
    const s1again = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]\nseed: 1"), "d");
    const s2 = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]\nseed: 2"), "d");
    expect(splitIds(s1again, "eval")).toEqual(splitIds(s1, "eval"));
    expect(splitIds(s2, "eval")).not.toEqual(splitIds(s1, "eval"));
    expect(s2.manifestHash).not.toBe(s1.manifestHash);
  });

  it("moves few existing traces across splits when traces are added", async () => {
    const all = ids(1100).map((id) => trace(id));
    const before = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]", all.slice(0, 1000)), "d");
    const after = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]", all), "d");
    const wasEval = new Set(splitIds(before, "eval"));
    const nowEval = new Set(splitIds(after, "eval"));
    const moved = [...wasEval].filter((id) => !nowEval.has(id)).length;
    expect(nowEval.size).toBe(110);
    expect(moved).toBeLessThan(15); // a re-deal would move ~90 of the 100
  });

  it("lists split entries in id order with the 16-hex content hash", async () => {
    const lock = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]"), "d");
    const train = splitIds(lock, "train");
    expect(train).toEqual([...train].sort());
    expect(lock.splits.train[0].hash).toMatch(/^[0-9a-f]{16}$/);
  });

  const filterCases: [string, string, (t: ReturnType<typeof trace>) => boolean][] = [
    ["source", "source: [test/b]", (t) => t.source === "test/b"],
    ["category prefix", "category: [algebra]", (t) => (t.category ?? "").startsWith("algebra/")],
    [
      "difficulty range",
      "difficulty: {min: 2, max: 3}",
      (t) => (t.difficulty ?? 0) >= 2 && (t.difficulty ?? 0) <= 3,
    ],
    ["steps range", "steps: {min: 2}", (t) => t.steps.length >= 2],
    ["tagsAny", "tagsAny: [x, y]", (t) => (t.tags ?? []).some((g) => g === "x" || g === "y")],
    ["tagsAll", "tagsAll: [x, y]", (t) => ["x", "y"].every((g) => (t.tags ?? []).includes(g))],
    ["tagsNone", "tagsNone: [x]", (t) => !(t.tags ?? []).includes("x")],
    ["promptChars", "promptChars: {max: 28}", (t) => [...t.prompt].length <= 28],
  ];
  const varied = ids(40).map((id, i) =>
    trace(id, {
      source: i % 3 === 0 ? "test/b" : "test/a",
      category: i % 4 === 0 ? "algebra/linear" : i % 4 === 1 ? "algebraic" : "arithmetic/sums",
      difficulty: 1 + (i % 5),
      steps: Array.from({ length: i % 4 }, (_, k) => ({ text: `step ${k}` })),
      tags: [["x"], ["y"], ["x", "y"], []][i % 4],
      prompt: i % 2 ? `Short ${id}?` : `A much longer prompt for ${id}?`,
    }),
  );
  it.each(filterCases)("filters by %s", async (_, filter, keep) => {
    const root = repoWith(
      `sources: [traces/*.jsonl]\nfilters: {${filter}}\nsplit: {ratios: {all: 1}}`,
      varied,
    );
    const lock = await buildDatasetLock(root, "d");
    const expected = varied.filter(keep).map((t) => t.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(varied.length);
    expect(splitIds(lock, "all")).toEqual(expected);
    expect(lock.candidates).toBe(40);
  });

  it("stratifies: every category is split by the ratios", async () => {
    const cats = ["a", "b", "c", "d"];
    const traces = ids(200).map((id, i) => trace(id, { category: cats[i % 4] }));
    const lock = await buildDatasetLock(
      repoWith(
        "sources: [traces/*.jsonl]\nsplit: {ratios: {train: 0.8, eval: 0.2}, stratify: category}",
        traces,
      ),
      "d",
    );
    for (const c of cats) {
      expect(lock.stats.eval.byCategory[c]).toBe(10);
      expect(lock.stats.train.byCategory[c]).toBe(40);
    }
  });

  it("puts the traces of explicit eval files in eval and the rest in train", async () => {
    const root = repoWith("sources: [traces/a.jsonl]\nsplit: {evalFiles: [traces/b.jsonl]}");
    const lock = await buildDatasetLock(root, "d");
    expect(splitIds(lock, "eval")).toEqual(ids(100).slice(60));
    expect(splitIds(lock, "train")).toEqual(ids(100).slice(0, 60));
  });

  it("drops content duplicates keeping the smallest id, unless dedupe is off", async () => {
    const traces = ids(10).map((id) => trace(id));
    const copy = { ...trace("t-000"), id: "t-zzz", source: "test/other" };
    const dup = (body: string) =>
      repoWith(`sources: [traces/*.jsonl]\nsplit: {ratios: {all: 1}}\n${body}`, [copy, ...traces]);
    const on = await buildDatasetLock(dup(""), "d");
    expect(on.duplicates).toBe(1);
    expect(splitIds(on, "all")).toContain("t-000");
    expect(splitIds(on, "all")).not.toContain("t-zzz");
    const off = await buildDatasetLock(dup("dedupe: false"), "d");
    expect(off.duplicates).toBe(0);
    expect(splitIds(off, "all")).toContain("t-zzz");
  });

  it("keeps a seeded sample of `limit` traces", async () => {
    const a = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]\nlimit: 20\nseed: 5"), "d");
    const b = await buildDatasetLock(repoWith("sources: [traces/*.jsonl]\nlimit: 20\nseed: 6"), "d");
    const all = (l: DatasetLock) => [...splitIds(l, "train"), ...splitIds(l, "eval")].sort();
    expect(all(a)).toHaveLength(20);
    expect(all(a)).not.toEqual(all(b));
  });

  it("computes stats: counts, step histogram and lengths", async () => {
    const traces = [
      trace("s-1", { prompt: "héllo", steps: [], answer: "7", difficulty: undefined }),
      trace("s-2", { prompt: "a🧮", steps: [{ text: "x" }], answer: "8" }),
    ];
    const root = repoWith("sources: [traces/*.jsonl]\nsplit: {ratios: {all: 1}}", traces);
    const s = (await buildDatasetLock(root, "d")).stats.all;
    expect(s.count).toBe(2);
    expect(s.byDifficulty).toEqual({ "2": 1, "(none)": 1 });
    expect(s.steps).toEqual({ "0": 1, "1": 1 });
    // "héllo" = 5 code points, "a🧮" = 2.
    expect(s.promptChars).toEqual({ min: 2, max: 5, mean: 3.5, p50: 2, p90: 5 });
    // "Answer: 7" → 9 chars; "Reasoning:\n1. x\nAnswer: 8" → 25.
    expect(s.completionChars.min).toBe(9);
    expect(s.completionChars.max).toBe(25);
    // <start_of_turn>user\n héllo <end_of_turn>\n<start_of_turn>model\n: 3 specials + 5 + 6 + 1 + 6 + 1 bytes.
    expect(s.promptTokens.max).toBe(3 + "user\n".length + 6 + "\n".length + "model\n".length);
    expect(s.completionTokens.min).toBe(9 + 1);
  });

  it("fails on a duplicate id, naming both places", async () => {
    const root = makeRepo({
      "traces/a.jsonl": traceLines([trace("x-1"), trace("x-2")]),
      "traces/b.jsonl": traceLines([trace("x-3"), { ...trace("x-9"), id: "x-2" }]),
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]"),
    });
    const e = await errorOf(buildDatasetLock(root, "d"));
    expect(e.code).toBe("E_DUPLICATE");
    expect(e.message).toContain('traces/b.jsonl:2: id: duplicate id "x-2", first at traces/a.jsonl:2');
  });

  it("fails on bad trace lines, listing each", async () => {
    const root = makeRepo({
      "traces/a.jsonl": `${traceLines([trace("x-1")])}{not json\n${JSON.stringify({ ...trace("x-3"), answer: 3 })}\n`,
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]"),
    });
    const e = await errorOf(buildDatasetLock(root, "d"));
    expect(e.code).toBe("E_VALIDATION");
    expect(e.message).toContain("dataset d: 2 bad trace line(s)");
    expect(e.message).toContain("traces/a.jsonl:2: invalid JSON");
    expect(e.message).toContain("traces/a.jsonl:3: answer: expected string");
  });

  it("requires the manifest name to equal the file name, with its line", async () => {
    const root = makeRepo({
      "traces/a.jsonl": traceLines([trace("x-1")]),
      "datasets/d.yaml": "schemaVersion: 1\n\nname: other\nsources: [traces/*.jsonl]\n",
    });
    const e = await errorOf(buildDatasetLock(root, "d"));
    expect(e.message).toBe(
      'datasets/d.yaml:3: name: expected "d", found "other" (the name must equal the file name; rename the file or set name: d)',
    );
  });

  it("reports manifest schema errors with file and line", async () => {
    const root = makeRepo({
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]\nsplit:\n  ratio: {a: 1}"),
    });
    const e = await errorOf(buildDatasetLock(root, "d"));
    expect(e.code).toBe("E_SCHEMA");
    expect(e.message).toMatch(/^datasets\/d\.yaml:4: split/);
  });

  it("rejects an unknown trace format and a glob that matches nothing", async () => {
    const fmt = repoWith("sources: [traces/*.jsonl]\nformat: {trace: fancy}");
    expect((await errorOf(buildDatasetLock(fmt, "d"))).message).toContain(
      "datasets/d.yaml:4: format.trace: expected numbered | tagged",
    );
    const glob = repoWith("sources: [traces/*.jsonl, traces/missing/*.jsonl]");
    const e = await errorOf(buildDatasetLock(glob, "d"));
    expect(e.code).toBe("E_NOT_FOUND");
    expect(e.message).toContain(
      'sources: expected a glob matching at least one trace file, found "traces/missing/*.jsonl"',
    );
  });
});

describe("checkDatasetLock", () => {
  it("is empty for a fresh lock and names the dataset, the lock and the fix when a used trace changes", async () => {
    const root = repoWith("sources: [traces/*.jsonl]");
    await writeDatasetLock(root, "d");
    expect(await checkDatasetLock(root, "d")).toEqual([]);
    const all = ids(100).map((id) => trace(id));
    all[7] = trace(all[7].id, { answer: "changed" });
    writeFiles(root, { "traces/a.jsonl": traceLines(all.slice(0, 60)) });
    const problems = await checkDatasetLock(root, "d");
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe("datasets/d.lock.json");
    expect(problems[0].message).toMatch(/^dataset d: lock is stale: .*1 changed \(first: t-007\)/);
    expect(problems[0].hint).toBe("run: tunix-rt dataset build d");
  });

  it("reports a missing lock and a changed manifest", async () => {
    const root = repoWith("sources: [traces/*.jsonl]");
    expect(await checkDatasetLock(root, "d")).toEqual([
      {
        file: "datasets/d.lock.json",
        message: "dataset d: lock is missing",
        hint: "run: tunix-rt dataset build d",
      },
    ]);
    await writeDatasetLock(root, "d");
    writeFiles(root, { "datasets/d.yaml": manifestYaml("d", "sources: [traces/*.jsonl]\nseed: 9") });
    const [p] = await checkDatasetLock(root, "d");
    expect(p.message).toContain("the manifest changed");
  });

  it("accepts a lock whose layout differs but whose data is the same", async () => {
    const root = repoWith("sources: [traces/*.jsonl]");
    await writeDatasetLock(root, "d");
    const file = path.join(root, "datasets/d.lock.json");
    writeFiles(root, { "datasets/d.lock.json": JSON.stringify(JSON.parse(readFileSync(file, "utf8"))) });
    expect(await checkDatasetLock(root, "d")).toEqual([]);
  });
});
