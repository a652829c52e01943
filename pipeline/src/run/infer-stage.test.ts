// inferRun on a tiny trained run: rows are schema-valid and follow the locked eval split,
// `dataset.evalLimit` caps them, and a tokenizer or chat template other than the one the run was
// trained with is refused (E_MISMATCH naming run.json and the field) before anything is written.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, TINY_CONFIG, tinyTraces } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
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
});
