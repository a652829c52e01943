// inferRun on a tiny trained run: rows are schema-valid and follow the locked eval split,
// `dataset.evalLimit` caps them, and a tokenizer or chat template other than the one the run was
// trained with is refused (E_MISMATCH naming run.json and the field) before anything is written.
// Sampled predictions do not depend on `inference.batchSize` (seeds follow the item). Evaluating
// on another dataset writes runs/<id>/evals/<name>/ and leaves the run's own files alone; prompts
// the context cannot hold are counted.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATASET,
  makeTinyRepo,
  TINY_CONFIG,
  tinyTraces,
  writeRepoFile,
} from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { EvalManifest } from "../schemas/eval.ts";
import { PredictionRow } from "../schemas/rows.ts";
import { loadRunConfig } from "./config-load.ts";
import { inferRun, modelDirOf, PREDICTIONS_FILE } from "./infer-stage.ts";
import { readRunManifest, writeRunManifest } from "./manifest.ts";
import { trainWithManifest } from "./train-stage.ts";

const TRACES = 24;
let root: string;
let evalIds: string[];

async function train(runId: string, sets: string[] = []): Promise<string> {
  const loaded = loadRunConfig(root, TINY_CONFIG, ["training.steps=3", ...sets]);
  await trainWithManifest({ root, runId, loaded });
  return path.join(root, "runs", runId);
}

async function errorOf(p: Promise<unknown>): Promise<TunixError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TunixError);
  return err as TunixError;
}

/** A second dataset, `long`: the e2e traces plus two whose prompts no 128-token context holds. */
async function writeLongDataset(): Promise<string[]> {
  const long = (i: number) => ({
    schemaVersion: 1,
    id: `long-${i}`,
    source: "e2e/long",
    prompt: `${"Count the apples in the basket again and again. ".repeat(4)}What is ${i} + ${i}?`,
    steps: [{ text: `${i} + ${i} = ${2 * i}` }],
    answer: String(2 * i),
  });
  writeRepoFile(root, "traces/long/long.jsonl", `${[1, 2].map((i) => JSON.stringify(long(i))).join("\n")}\n`);
  writeRepoFile(
    root,
    "datasets/long.yaml",
    [
      "schemaVersion: 1",
      "name: long",
      "sources: [traces/long/*.jsonl, traces/e2e/*.jsonl]",
      "split: { ratios: { test: 1 } }",
      "seed: 1",
      "",
    ].join("\n"),
  );
  const lock = await writeDatasetLock(root, "long");
  return lock.splits.test.map((e) => e.id);
}

const withoutMs = (rows: PredictionRow[]) => rows.map(({ ms: _ms, ...r }) => r);

beforeAll(async () => {
  root = makeTinyRepo({ traces: TRACES });
  const lock = await writeDatasetLock(root, DATASET);
  evalIds = lock.splits.eval.map((e) => e.id);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("inferRun", () => {
  it("writes one schema-valid row per eval item, in lock order, with the gold fields", async () => {
    const runDir = await train("rows");
    const rows = await inferRun({ root, runDir });
    const lines = readFileSync(path.join(runDir, PREDICTIONS_FILE), "utf8").trimEnd().split("\n");
    const parsed = lines.map((l) => PredictionRow.parse(JSON.parse(l)));
    expect(parsed).toEqual(rows);
    expect(parsed.map((r) => r.id)).toEqual(evalIds);
    const traces = new Map(
      tinyTraces(TRACES).map((t) => [(t as { id: string }).id, t as Record<string, unknown>]),
    );
    for (const r of parsed) {
      const t = traces.get(r.id)!;
      expect(r).toMatchObject({ prompt: t.prompt, gold: t.answer, source: t.source, category: t.category });
      expect(r.difficulty).toBe(t.difficulty);
      expect(r.goldSteps).toBe((t.steps as unknown[]).length);
      expect(r.promptTokens).toBeGreaterThan(r.prompt.length);
      expect(r.outputTokens).toBeLessThanOrEqual(24);
      if (r.finishReason === "length") expect(r.outputTokens).toBe(24);
    }
    const m = readRunManifest(runDir);
    expect(m.generation).toMatchObject({ items: evalIds.length, split: "eval", traceFormat: "numbered" });
    expect(m.generation?.modelDir).toBe("artifacts/rows/model");
    expect(m.generation?.backend).toBe("wasm"); // the run's training.device
  });

  it("runs on another backend when asked, and records it", async () => {
    const runDir = await train("cpu");
    const rows = await inferRun({ root, runDir, device: "cpu" });
    expect(rows).toHaveLength(evalIds.length);
    expect(readRunManifest(runDir).generation?.backend).toBe("cpu");
  });

  it("respects dataset.evalLimit", async () => {
    const runDir = await train("limited", ["dataset.evalLimit=3"]);
    const rows = await inferRun({ root, runDir });
    expect(rows.map((r) => r.id)).toEqual(evalIds.slice(0, 3));
    expect(readFileSync(path.join(runDir, PREDICTIONS_FILE), "utf8").trimEnd().split("\n")).toHaveLength(3);
  });

  it("refuses a tokenizer whose fingerprint differs from the one in run.json", async () => {
    const runDir = await train("tok");
    const m = readRunManifest(runDir);
    const trained = m.tokenizer!.fingerprint;
    writeRunManifest(runDir, { ...m, tokenizer: { kind: m.tokenizer!.kind, fingerprint: "0000tampered" } });
    const err = await errorOf(inferRun({ root, runDir }));
    expect(err.code).toBe("E_MISMATCH");
    expect(err.problems[0]).toMatchObject({
      file: "runs/tok/run.json",
      field: "tokenizer.fingerprint",
      expected: "0000tampered",
      found: trained,
    });
    expect(err.message).toMatch(/not the one the run was trained with/);
    expect(existsSync(path.join(runDir, PREDICTIONS_FILE))).toBe(false);
  });

  it("refuses a chat template whose fingerprint differs from the one in run.json", async () => {
    const runDir = await train("tmpl");
    const m = readRunManifest(runDir);
    writeRunManifest(runDir, { ...m, chatTemplate: { name: "gemma", fingerprint: "0000tampered" } });
    const err = await errorOf(inferRun({ root, runDir }));
    expect(err.code).toBe("E_MISMATCH");
    expect(err.problems[0]).toMatchObject({ file: "runs/tmpl/run.json", field: "chatTemplate.fingerprint" });
    expect(existsSync(path.join(runDir, PREDICTIONS_FILE))).toBe(false);
  });

  it("names the missing model folder or artifact with a hint", async () => {
    const runDir = await train("gone");
    const m = readRunManifest(runDir);
    const modelDir = modelDirOf(root, m);
    expect(path.relative(root, modelDir)).toBe(path.join("artifacts", "gone", "model"));
    renameSync(modelDir, `${modelDir}.moved`);
    const missing = await errorOf(inferRun({ root, runDir }));
    expect(missing.code).toBe("E_NOT_FOUND");
    expect(missing.message).toMatch(/artifacts\/gone\/model.*--model/);
    writeRunManifest(runDir, { ...m, artifacts: [] });
    const none = await errorOf(inferRun({ root, runDir }));
    expect(none.code).toBe("E_STATE");
    expect(none.message).toMatch(/model\.safetensors.*tunix-rt run configs\/runs\/tiny\.yaml/);
    // Any model folder may stand in when its tokenizer and template match.
    const rows = await inferRun({ root, runDir, modelDir: `${modelDir}.moved` });
    expect(rows).toHaveLength(evalIds.length);
  });

  it("gives the same sampled predictions whatever inference.batchSize (seeds follow the item)", async () => {
    const runDir = await train("sampled", ["inference.decoding=sample", "inference.temperature=1.5"]);
    const withBatch = async (batchSize: number, samples?: number) => {
      const m = readRunManifest(runDir);
      m.config.inference = { ...m.config.inference, batchSize, ...(samples ? { samples } : {}) };
      writeRunManifest(runDir, m);
      return withoutMs(await inferRun({ root, runDir }));
    };
    const byTwo = await withBatch(2);
    const bySeven = await withBatch(7);
    expect(bySeven).toEqual(byTwo);
    // The draws are not all alike (a greedy decoder would make this test pass vacuously).
    expect(new Set(byTwo.map((r) => r.output)).size).toBeGreaterThan(1);
    // Three samples per item: the same again for two batch sizes, and the rows keep them all.
    const k3 = await withBatch(3, 3);
    expect(await withBatch(9, 3)).toEqual(k3);
    expect(k3.every((r) => r.samples?.length === 3)).toBe(true);
    expect(readRunManifest(runDir).generation).toMatchObject({ samples: 3, decoding: "sample" });
  });

  it("refuses several samples with greedy decoding", async () => {
    const runDir = await train("greedy-k");
    const err = await errorOf(inferRun({ root, runDir, eval: { dataset: DATASET, samples: 4 } }));
    expect(err.code).toBe("E_USAGE");
    expect(err.message).toMatch(/decoding: sample/);
  });

  it("evaluates on another dataset into evals/<name>/, counting prompts the context cannot hold", async () => {
    const testIds = await writeLongDataset();
    const runDir = await train("other");
    await inferRun({ root, runDir });
    const own = readFileSync(path.join(runDir, PREDICTIONS_FILE), "utf8");
    const before = readRunManifest(runDir).generation;
    const rows = await inferRun({ root, runDir, eval: { dataset: "long", split: "test", note: "a test" } });
    expect(rows.map((r) => r.id)).toEqual(testIds);
    const dir = path.join(runDir, "evals", "long-test");
    const file = readFileSync(path.join(dir, PREDICTIONS_FILE), "utf8").trimEnd().split("\n");
    expect(file.map((l) => PredictionRow.parse(JSON.parse(l)))).toEqual(rows);
    // The long prompts (over 200 bytes) were cut to the context, keeping bos: 126 + bos = 127 tokens.
    const cut = rows.filter((r) => r.promptTruncatedTokens !== undefined);
    expect(cut.map((r) => r.id).sort()).toEqual(["long-1", "long-2"]);
    for (const r of cut) expect(r.promptTokens).toBe(127);
    expect(
      rows.filter((r) => r.id.startsWith("e2e")).every((r) => r.promptTruncatedTokens === undefined),
    ).toBe(true);
    // eval.json says what was evaluated, with which model; the run's own files are untouched.
    const m = EvalManifest.parse(JSON.parse(readFileSync(path.join(dir, "eval.json"), "utf8")));
    expect(m).toMatchObject({ name: "long-test", run: "other", note: "a test", status: "pending" });
    expect(m.dataset).toMatchObject({ name: "long", split: "test" });
    expect(m.generation).toMatchObject({ items: testIds.length, split: "test" });
    expect(m.model).toMatchObject({ dir: "artifacts/other/model", sameAsRun: true });
    expect(m.stages.infer?.status).toBe("completed");
    expect(readFileSync(path.join(runDir, PREDICTIONS_FILE), "utf8")).toBe(own);
    expect(readRunManifest(runDir).generation).toEqual(before);
    // An unknown eval name is a usage error naming the config's list.
    const err = await errorOf(inferRun({ root, runDir, eval: { name: "nope" } }));
    expect(err.code).toBe("E_USAGE");
    expect(err.message).toMatch(/nope.*listed: none/);
  });

  it("runs an eval listed in the config by name, with its own settings", async () => {
    await writeLongDataset();
    const runDir = await train("listed", [
      "inference.evals=[{name: long-k2, dataset: long, split: test, limit: 3, samples: 2, decoding: sample}]",
    ]);
    const rows = await inferRun({ root, runDir, eval: { name: "long-k2" } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.samples?.length === 2)).toBe(true);
    const m = EvalManifest.parse(
      JSON.parse(readFileSync(path.join(runDir, "evals", "long-k2", "eval.json"), "utf8")),
    );
    expect(m.dataset.limit).toBe(3);
    expect(m.generation).toMatchObject({ samples: 2, decoding: "sample", maxNewTokens: 24 });
  });
});
