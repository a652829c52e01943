// Sharded inference on a tiny trained run: three shards, merged, give the bytes of an unsharded
// run's predictions.jsonl apart from the timing field `ms` (sampled decoding with two samples per
// item, a batch size that does not divide the items), for the run's own eval and for an extra eval;
// the merge names a missing shard and refuses shards made with other settings; `parseShard`
// refuses malformed `i/N`.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, TINY_CONFIG } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { loadRunConfig } from "./config-load.ts";
import { mergeShards, parseShard, SHARDS_DIR, shardMatrix } from "./infer-shards.ts";
import { inferRun, PREDICTIONS_FILE } from "./infer-stage.ts";
import { readRunManifest, writeRunManifest } from "./manifest.ts";
import { trainWithManifest } from "./train-stage.ts";

let root: string;
let runDir: string;

/** predictions.jsonl with every `"ms":<n>` set to 0: the bytes that must agree. */
const bytesWithoutMs = (file: string) => readFileSync(file, "utf8").replace(/"ms":\d+(\.\d+)?/g, '"ms":0');

function errorOf(fn: () => unknown): TunixError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TunixError);
    return e as TunixError;
  }
  throw new Error("expected a TunixError");
}

beforeAll(async () => {
  root = makeTinyRepo({ traces: 40 });
  await writeDatasetLock(root, DATASET);
  const loaded = loadRunConfig(root, TINY_CONFIG, [
    "training.steps=3",
    "inference.decoding=sample",
    "inference.temperature=1.3",
    "inference.samples=2",
    "inference.batchSize=4", // two items a batch; 10 eval items → 5 batches over 3 shards
  ]);
  await trainWithManifest({ root, runId: "sharded", loaded });
  runDir = path.join(root, "runs", "sharded");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("sharded inference", () => {
  it("merges 3 shards into the bytes of an unsharded run (timing aside)", async () => {
    const whole = await inferRun({ root, runDir });
    expect(whole.length).toBe(10);
    const unsharded = bytesWithoutMs(path.join(runDir, PREDICTIONS_FILE));
    rmSync(path.join(runDir, PREDICTIONS_FILE));
    const sizes: number[] = [];
    for (const index of [3, 1, 2])
      sizes.push((await inferRun({ root, runDir, shard: { index, count: 3 } })).length);
    expect(sizes.sort()).toEqual([2, 4, 4]);
    expect(existsSync(path.join(runDir, PREDICTIONS_FILE))).toBe(false);
    const merged = mergeShards({ root, runDir });
    expect(merged).toHaveLength(10);
    expect(bytesWithoutMs(path.join(runDir, PREDICTIONS_FILE))).toBe(unsharded);
    expect(existsSync(path.join(runDir, SHARDS_DIR))).toBe(false);
    expect(readRunManifest(runDir).generation).toMatchObject({ items: 10, shards: 3, samples: 2 });
  });

  it("does the same for an extra eval, recording it in eval.json", async () => {
    const req = { dataset: DATASET, split: "train", limit: 7 };
    await inferRun({ root, runDir, eval: req });
    const dir = path.join(runDir, "evals", `${DATASET}-train`);
    const unsharded = bytesWithoutMs(path.join(dir, PREDICTIONS_FILE));
    for (const index of [1, 2, 3]) await inferRun({ root, runDir, eval: req, shard: { index, count: 3 } });
    mergeShards({ root, runDir, eval: req });
    expect(bytesWithoutMs(path.join(dir, PREDICTIONS_FILE))).toBe(unsharded);
    const evalJson = JSON.parse(readFileSync(path.join(dir, "eval.json"), "utf8"));
    expect(evalJson.generation).toMatchObject({ items: 7, shards: 3 });
    expect(evalJson.dataset).toMatchObject({ name: DATASET, split: "train", limit: 7 });
  });

  it("names a missing shard, and refuses shards made with other settings", async () => {
    await inferRun({ root, runDir, shard: { index: 1, count: 3 } });
    await inferRun({ root, runDir, shard: { index: 3, count: 3 } });
    const missing = errorOf(() => mergeShards({ root, runDir }));
    expect(missing.code).toBe("E_STATE");
    expect(missing.message).toMatch(/missing shard 2\/3.*--shard 2\/3/);
    const m = readRunManifest(runDir);
    m.config.inference.temperature = 0.7;
    writeRunManifest(runDir, m);
    await inferRun({ root, runDir, shard: { index: 2, count: 3 } });
    const other = errorOf(() => mergeShards({ root, runDir }));
    expect(other.message).toMatch(/shard 2\/3 was made with other settings/);
    expect(existsSync(path.join(runDir, SHARDS_DIR))).toBe(true); // nothing removed on failure
  });

  it("prints a workflow matrix of N shards, refusing 0 and more than 256", () => {
    expect(shardMatrix(2)).toEqual({
      include: [
        { shard: "1/2", stem: "1-of-2" },
        { shard: "2/2", stem: "2-of-2" },
      ],
    });
    expect(shardMatrix(3).include.map((m) => parseShard(m.shard).index)).toEqual([1, 2, 3]);
    for (const bad of [0, 257, 1.5, Number.NaN]) expect(errorOf(() => shardMatrix(bad)).code).toBe("E_USAGE");
  });

  it("parses i/N and refuses the rest", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "3", "a/b", "1/0", ""]) {
      expect(errorOf(() => parseShard(bad)).problems[0]).toMatchObject({ field: "--shard" });
    }
  });
});
