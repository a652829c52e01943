// Provenance: inference and judging refuse a dataset split or weights other than the ones run.json
// recorded, saying what changed and how to go on; derived statistics in a lock change nothing; a run
// recorded before split identities is migrated while its lock is unchanged and refused after; the
// committed demo run carries the identity of the committed demo lock. Two tiny runs are trained once.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, TINY_CONFIG } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { TunixError } from "../errors.ts";
import { stableStringify } from "../io/json.ts";
import { inferRun } from "./infer-stage.ts";
import { judgeRunFolder } from "./judge-stage.ts";
import { readRunManifest } from "./manifest.ts";
import { runPipeline } from "./pipeline.ts";
import { datasetIdentity } from "./provenance.ts";

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const LOCK = `datasets/${DATASET}.lock.json`;
let root: string;
let runA: string;
let runB: string;
let lockBytes: Buffer;

beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
  lockBytes = readFileSync(path.join(root, LOCK));
  runA = (await runPipeline({ root, configPath: TINY_CONFIG })).runDir;
  runB = (await runPipeline({ root, configPath: TINY_CONFIG, sets: ["seed=7"] })).runDir;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const restoreLock = () => writeFileSync(path.join(root, LOCK), lockBytes);
const idOf = (runDir: string) => path.basename(runDir);

async function messageOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (err) {
    if (err instanceof TunixError) return err.message;
    throw err;
  }
  return "accepted";
}

describe("the dataset split", () => {
  it("run.json records each split's identity: its item count and the sha256 of its ids and hashes", () => {
    const m = readRunManifest(runA);
    expect(m.dataset?.splits).toEqual(datasetIdentity(root, DATASET));
    expect(Object.keys(m.dataset?.splits ?? {})).toEqual(["eval", "train"]);
  });

  it("a rebuilt lock with another eval split is refused by infer (reported) and by judge", async () => {
    const manifest = path.join(root, `datasets/${DATASET}.yaml`);
    const yaml = readFileSync(manifest, "utf8");
    writeFileSync(manifest, yaml.replace("seed: 1", "seed: 2"));
    await writeDatasetLock(root, DATASET);
    try {
      const was = readRunManifest(runA).dataset?.splits?.eval;
      const is = datasetIdentity(root, DATASET)?.eval;
      const expected = `runs/${idOf(runA)}/run.json: dataset.splits.eval: the eval split of ${LOCK} changed since the run trained (${was?.items} items, identity ${was?.sha256.slice(0, 12)} then, ${is?.items} items, identity ${is?.sha256.slice(0, 12)} now): STAGE would use other items — perhaps ones the model trained on (restore the lock the run was made with (git log ${LOCK}), or train again on the new split: tunix-rt run ${TINY_CONFIG})`;
      expect(await messageOf(() => inferRun({ root, runDir: runA }))).toBe(
        expected.replace("STAGE", "inference"),
      );
      expect(await messageOf(() => judgeRunFolder({ root, runDir: runA }))).toBe(
        expected.replace("STAGE", "judging"),
      );
    } finally {
      writeFileSync(manifest, yaml);
      restoreLock();
    }
  });

  it("a lock without the split, or no lock at all, is refused", async () => {
    const lock = JSON.parse(lockBytes.toString("utf8"));
    lock.splits.test = lock.splits.eval;
    delete lock.splits.eval;
    writeFileSync(path.join(root, LOCK), `${stableStringify(lock, 2)}\n`);
    expect(await messageOf(() => inferRun({ root, runDir: runA }))).toMatch(
      /^runs\/\S+\/run\.json: dataset\.splits\.eval: the eval split of .* changed since the run trained \(\d+ items, identity [0-9a-f]{12} then, no such split now\)/,
    );
    rmSync(path.join(root, LOCK));
    expect(await messageOf(() => inferRun({ root, runDir: runA }))).toBe(
      `${LOCK}: the run's dataset lock is missing, so its eval split cannot be checked (restore ${LOCK} (git checkout) or rebuild it: tunix-rt dataset build ${DATASET})`,
    );
    restoreLock();
  });

  it("statistics added to a lock (derived figures) change no identity", async () => {
    // A lock written before contamination figures existed: other bytes, the same dataset.
    const lock = JSON.parse(lockBytes.toString("utf8"));
    expect(lock.contamination).toBeDefined();
    delete lock.contamination;
    writeFileSync(path.join(root, LOCK), `${stableStringify(lock, 2)}\n`);
    expect(readFileSync(path.join(root, LOCK)).equals(lockBytes)).toBe(false);
    try {
      expect(datasetIdentity(root, DATASET)).toEqual(readRunManifest(runA).dataset?.splits);
      expect((await inferRun({ root, runDir: runA })).length).toBeGreaterThan(0);
    } finally {
      restoreLock();
    }
  });

  it("a run recorded before identities is migrated while its lock is unchanged, and refused after", async () => {
    const file = path.join(runA, "run.json");
    const saved = readFileSync(file);
    const legacy = JSON.parse(saved.toString("utf8"));
    delete legacy.dataset.splits;
    writeFileSync(file, `${stableStringify(legacy, 2)}\n`);
    await inferRun({ root, runDir: runA });
    expect(readRunManifest(runA).dataset?.splits).toEqual(datasetIdentity(root, DATASET));

    writeFileSync(file, `${stableStringify(legacy, 2)}\n`);
    const lock = JSON.parse(lockBytes.toString("utf8"));
    lock.stats.eval.promptChars.mean += 1;
    writeFileSync(path.join(root, LOCK), `${stableStringify(lock, 2)}\n`);
    try {
      expect(await messageOf(() => inferRun({ root, runDir: runA }))).toBe(
        `runs/${idOf(runA)}/run.json: dataset.lockHash: ${LOCK} changed since the run trained, and the run (recorded before split identities) cannot tell whether its eval split did (restore the lock the run was made with (git log ${LOCK}), or run the config again: tunix-rt run ${TINY_CONFIG} --force)`,
      );
    } finally {
      restoreLock();
      writeFileSync(file, saved);
    }
  });

  it("the committed demo run records the identity of the committed demo lock", () => {
    const m = JSON.parse(readFileSync(path.join(PROJECT, "runs/demo-b0541e87/run.json"), "utf8"));
    expect(m.dataset.splits).toEqual(datasetIdentity(PROJECT, "demo"));
  });
});

describe("the weights", () => {
  const weights = (runDir: string) => path.join(root, "artifacts", idOf(runDir), "model/model.safetensors");

  it("weights swapped for another run's are refused (reported), naming both digests", async () => {
    const mine = readFileSync(weights(runA));
    copyFileSync(weights(runB), weights(runA));
    try {
      const recorded = readRunManifest(runA).artifacts.find((a) => a.name === "model.safetensors")?.sha256;
      const theirs = readRunManifest(runB).artifacts.find((a) => a.name === "model.safetensors")?.sha256;
      expect(await messageOf(() => inferRun({ root, runDir: runA }))).toBe(
        `artifacts/${idOf(runA)}/model/model.safetensors: model.safetensors is not the file the run wrote: its sha256 differs from the one in runs/${idOf(runA)}/run.json — the weights were replaced (by another run's?) since training: expected ${recorded}, found ${theirs} (put the run's own files back (its artifact), run it again (tunix-rt run ${TINY_CONFIG} --force), or name another model on purpose with --model)`,
      );
    } finally {
      writeFileSync(weights(runA), mine);
    }
  });

  it("a weights file changed by one byte, or another file of the model folder, is refused too", async () => {
    const file = weights(runA);
    const mine = readFileSync(file);
    const flipped = Buffer.from(mine);
    flipped[flipped.length - 1] ^= 1;
    writeFileSync(file, flipped);
    expect(await messageOf(() => inferRun({ root, runDir: runA }))).toMatch(
      /^artifacts\/\S+\/model\/model\.safetensors: model\.safetensors is not the file the run wrote/,
    );
    writeFileSync(file, mine);
    const tok = path.join(path.dirname(file), "tokenizer.json");
    const tokBytes = readFileSync(tok);
    writeFileSync(tok, tokBytes.toString("utf8").replace("{", '{"x":1,'));
    expect(await messageOf(() => inferRun({ root, runDir: runA }))).toMatch(
      /^artifacts\/\S+\/model\/tokenizer\.json: tokenizer\.json is not the file the run wrote/,
    );
    writeFileSync(tok, tokBytes);
  });

  it("an artifact recorded outside the repository is refused before it is read", async () => {
    const file = path.join(runA, "run.json");
    const saved = readFileSync(file);
    const m = JSON.parse(saved.toString("utf8"));
    m.artifacts[0].uri = `file:../${path.basename(root)}-outside/config.json`;
    writeFileSync(file, `${stableStringify(m, 2)}\n`);
    try {
      expect(await messageOf(() => inferRun({ root, runDir: runA }))).toMatch(
        new RegExp(
          `^runs/${idOf(runA)}/run\\.json: artifacts\\[0\\]\\.uri: the path leads outside the repository`,
        ),
      );
    } finally {
      writeFileSync(file, saved);
    }
  });
});
