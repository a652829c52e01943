// Contamination: normalisation, the index, the figures of a dataset (checked against an independent
// count made here with plain string sets), the planted duplicate, the lock, and GSM8K train × test.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem } from "../errors.ts";
import { mulberry32 } from "../random.ts";
import { externalData, itWithExternalData } from "../test-support/external-data.ts";
import { importTraces } from "../traces/import/import.ts";
import { validateRepo } from "../validate/validate.ts";
import { checkDatasetLock, checkDatasetLockAndLeaks, writeDatasetLock } from "./build.ts";
import { NGRAM_WORDS, normalizeQuestion, OverlapIndex, questionWords } from "./contamination.ts";
import { measureDataset } from "./contamination-scan.ts";
import { makeRepo, manifestYaml, removeRepos, trace, traceLines, writeFiles } from "./test-kit.ts";

afterAll(removeRepos);

/** An independent count: normalised strings and 13-gram strings in plain Sets (no hashing). */
function independentCount(evalQs: string[], trainQs: string[]) {
  const norm = (q: string) =>
    q
      .normalize("NFKC")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== "");
  const grams = (ws: string[]) => {
    const out: string[] = [];
    for (let i = 0; i + 13 <= ws.length; i++) out.push(ws.slice(i, i + 13).join("\u0001"));
    return out;
  };
  const trainWhole = new Set(trainQs.map((q) => norm(q).join(" ")));
  const trainGrams = new Set(trainQs.flatMap((q) => grams(norm(q))));
  let exact = 0;
  let ngram = 0;
  let any = 0;
  let short = 0;
  for (const q of evalQs) {
    const ws = norm(q);
    const e = trainWhole.has(ws.join(" "));
    const n = grams(ws).some((g) => trainGrams.has(g));
    exact += e ? 1 : 0;
    ngram += n ? 1 : 0;
    any += e || n ? 1 : 0;
    short += ws.length < 13 ? 1 : 0;
  }
  return { items: evalQs.length, exact, ngram, any, short };
}

describe("normalizeQuestion and OverlapIndex", () => {
  it("ignores case, spacing, punctuation and Unicode compatibility forms", () => {
    expect(normalizeQuestion("  How MANY\tapples,\n do   you have?! ")).toBe("how many apples do you have");
    expect(normalizeQuestion("ＡＢＣ costs $1,200.")).toBe("abc costs 1 200");
    expect(questionWords("")).toEqual([]);
  });

  it("finds a shared 13-gram but not a shared 12-gram, and equal questions of any length", () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const index = new OverlapIndex();
    index.add(0, words.join(" "));
    index.add(1, "Short question?");
    const hits = (text: string) => {
      const out: string[] = [];
      index.probe(text, (item, kind) => out.push(`${item}:${kind}`));
      return out;
    };
    expect(hits(`x y ${words.slice(3, 3 + NGRAM_WORDS).join(" ")} z`)).toEqual(["0:ngram"]);
    expect(hits(`x y ${words.slice(3, 3 + NGRAM_WORDS - 1).join(" ")} z`)).toEqual([]);
    expect(hits("SHORT   question")).toEqual(["1:exact"]);
    expect(hits(words.join("  ").toUpperCase())).toEqual(["0:exact", "0:ngram"]);
  });
});

/** A repo with a train and an eval file; eval questions overlap train in chosen ways. */
function overlapRepo(seed: number) {
  const rand = mulberry32(seed);
  const vocab = Array.from({ length: 40 }, (_, i) => `word${i}`);
  const sentence = (n: number) =>
    Array.from({ length: n }, () => vocab[Math.floor(rand() * vocab.length)]).join(" ");
  const train = Array.from({ length: 300 }, (_, i) =>
    trace(`tr-${i}`, { prompt: `${sentence(8 + (i % 30))}?` }),
  );
  const evalItems = Array.from({ length: 120 }, (_, i) => {
    const mode = i % 4;
    const base = train[(i * 7) % train.length].prompt;
    let prompt = `${sentence(6 + (i % 25))}.`;
    if (mode === 1) prompt = ` ${base.toUpperCase().replace(/ /g, "   ")} `; // exact after normalising
    if (mode === 2) prompt = `Then ${base.split(" ").slice(0, 14).join(" ")} and more.`; // maybe 13-gram
    return trace(`ev-${i}`, { prompt, answer: "2" });
  });
  const root = makeRepo({
    "traces/t/train.jsonl": traceLines(train),
    "traces/t/eval.jsonl": traceLines(evalItems),
    "datasets/d.yaml": manifestYaml(
      "d",
      "sources: [traces/t/*.jsonl]\nsplit:\n  evalFiles: [traces/t/eval.jsonl]",
    ),
  });
  return { root, train, evalItems };
}

describe("dataset contamination figures", () => {
  it.each([1, 2, 3])("equal an independent count (seed %i)", async (seed) => {
    const { root, train, evalItems } = overlapRepo(seed);
    const report = await measureDataset(root, "d");
    const expected = independentCount(
      evalItems.map((t) => t.prompt),
      train.map((t) => t.prompt),
    );
    expect(report.splits.eval).toMatchObject(expected);
    expect(report.splits.eval.exact).toBeGreaterThan(0);
    expect(report.splits.eval.ngram).toBeGreaterThan(report.splits.eval.exact);
    expect(report.referenceCount).toBe(300);
  });

  it("finds a planted duplicate (other whitespace and casing), names both items, and validate-style leaks", async () => {
    const train = [trace("a-1"), trace("a-2"), trace("a-3")];
    const ev = [
      trace("b-1", { prompt: "A farmer has 12 cows and buys 7 more. How many cows now?" }),
      // A `prompt` key inside meta and escaped quotes: the question read is still the trace's own.
      {
        ...trace("b-2", { prompt: 'Say "hi" and "prompt": twice?' }),
        meta: { prompt: "A farmer has 12 cows and buys 7 more. How many cows now?" },
      },
    ];
    const planted = trace("a-planted", {
      prompt: "a FARMER has 12 cows\n\nand buys  7 more.  how many COWS now",
      answer: "9",
    });
    const root = makeRepo({
      "traces/t/train.jsonl": traceLines([...train, planted]),
      "traces/t/eval.jsonl": traceLines(ev),
      "datasets/d.yaml": manifestYaml(
        "d",
        "sources: [traces/t/*.jsonl]\nsplit:\n  evalFiles: [traces/t/eval.jsonl]",
      ),
    });
    const measured = await measureDataset(root, "d");
    // 13 words: the copy is both an exact and a 13-gram match; b-2 (7 words) can only match exactly.
    expect(measured.splits.eval).toEqual({
      items: 2,
      exact: 1,
      ngram: 1,
      any: 1,
      short: 1,
      referenceItems: 1,
    });
    expect(measured.examples).toEqual([{ split: "eval", id: "b-1", otherId: "a-planted", kind: "exact" }]);
    await writeDatasetLock(root, "d");
    const { problems, leaks } = await checkDatasetLockAndLeaks(root, "d");
    expect(problems).toEqual([]);
    expect(leaks).toEqual([
      {
        split: "eval",
        id: "b-1",
        file: "traces/t/eval.jsonl",
        line: 1,
        other: { id: "a-planted", file: "traces/t/train.jsonl", line: 4 },
      },
    ]);
    const report = await validateRepo(root);
    expect(report.problems.map((p) => `${p.check}: ${formatProblem(p)}`)).toEqual([
      "contamination: traces/t/eval.jsonl:1: prompt: dataset d: eval item b-1 has the question of train item a-planted (traces/t/train.jsonl:4), up to case, spacing and punctuation (drop one of them, or keep both in one split (tunix-rt dataset contamination lists them all))",
    ]);
  });

  it("compares every split with another dataset or a JSONL file (--against)", async () => {
    const { root, evalItems } = overlapRepo(4);
    writeFiles(root, {
      "bench.jsonl": `${JSON.stringify({ question: evalItems[1].prompt.toLowerCase() })}\n${JSON.stringify({ question: "nothing alike" })}\n`,
    });
    const report = await measureDataset(root, "d", { against: "bench.jsonl" });
    expect(report.reference).toBe("bench.jsonl");
    expect(report.referenceCount).toBe(2);
    expect(report.splits.eval).toMatchObject({ items: 120, referenceItems: 1 });
    expect(report.splits.eval.exact).toBeGreaterThanOrEqual(1);
    expect(report.examples[0]).toMatchObject({
      split: "eval",
      id: "ev-1",
      otherId: "bench.jsonl:1",
      kind: "exact",
    });
    writeFiles(root, { "bad.jsonl": '{"question": "fine"}\n{"text": 3}\n' });
    await expect(measureDataset(root, "d", { against: "bad.jsonl" })).rejects.toThrow(/bad\.jsonl:2: prompt/);
    await expect(measureDataset(root, "d", { against: "nope" })).rejects.toThrow(/--against/);
  });
});

describe("contamination in the lock", () => {
  it("is recorded by dataset build; an older lock without it stays fresh; other figures are stale", async () => {
    const { root } = overlapRepo(5);
    const lock = await writeDatasetLock(root, "d");
    expect(lock.contamination?.reference).toBe("train");
    expect(lock.contamination?.ngramWords).toBe(13);
    expect(lock.contamination?.splits.eval.items).toBe(120);
    const file = path.join(root, "datasets/d.lock.json");
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    expect(await checkDatasetLock(root, "d")).toEqual([]);
    writeFiles(root, { "datasets/d.lock.json": JSON.stringify({ ...parsed, contamination: undefined }) });
    expect(await checkDatasetLock(root, "d")).toEqual([]);
    parsed.contamination.splits.eval.exact += 1;
    writeFiles(root, { "datasets/d.lock.json": JSON.stringify(parsed) });
    expect((await checkDatasetLock(root, "d"))[0].message).toContain("lock is stale");
  });

  it("is absent for a dataset without a train split", async () => {
    const root = makeRepo({
      "traces/a.jsonl": traceLines([trace("a-1"), trace("a-2")]),
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/a.jsonl]\nsplit:\n  ratios: { dev: 1 }"),
    });
    expect((await writeDatasetLock(root, "d")).contamination).toBeUndefined();
    await expect(measureDataset(root, "d")).rejects.toThrow(/a split named train/);
  });
});

const GSM_TRAIN = externalData("gsm8k/train.jsonl");
const GSM_TEST = externalData("gsm8k/test.jsonl");

describe("GSM8K train × test", () => {
  itWithExternalData(
    GSM_TEST,
    "matches an independent count, finds the planted duplicate, in seconds",
    async () => {
      const root = makeRepo({
        "datasets/gsm8k.yaml": manifestYaml(
          "gsm8k",
          "sources: [traces/external/gsm8k/*.jsonl]\nsplit:\n  evalFiles: [traces/external/gsm8k/test.jsonl]",
        ),
      });
      for (const [split, file] of [
        ["train", GSM_TRAIN.path],
        ["test", GSM_TEST.path],
      ]) {
        await importTraces(root, file, {
          format: "gsm8k",
          out: `traces/external/gsm8k/${split}.jsonl`,
          source: `gsm8k/${split}`,
        });
      }
      const questions = (f: string) =>
        readFileSync(f, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => (JSON.parse(l) as { question: string }).question.trim());
      const testQs = questions(GSM_TEST.path);
      const trainQs = questions(GSM_TRAIN.path);

      const clean = await measureDataset(root, "gsm8k");
      console.info(
        `GSM8K test × train: ${JSON.stringify(clean.splits.eval)} in ${clean.seconds.toFixed(3)} s (import and read included: no)`,
      );
      expect(clean.splits.eval).toMatchObject(independentCount(testQs, trainQs));
      expect(clean.referenceCount).toBe(7473);

      // The planted duplicate: test question 100 copied into train with other whitespace and casing.
      const copy = testQs[100].toUpperCase().replace(/ /g, "  \t");
      writeFiles(root, {
        "traces/external/gsm8k/planted.jsonl": traceLines([
          trace("planted-1", { prompt: copy, source: "planted/x" }),
        ]),
      });
      const planted = await measureDataset(root, "gsm8k");
      expect(planted.splits.eval.exact).toBe(clean.splits.eval.exact + 1);
      expect(planted.examples).toContainEqual({
        split: "eval",
        id: "gsm8k/test:100",
        otherId: "planted-1",
        kind: "exact",
      });
      expect(planted.splits.eval).toMatchObject(independentCount(testQs, [...trainQs, copy]));
    },
    120_000,
  );
});
