// External datasets: committed manifest + lock + provenance, traces under traces/external/ (ignored
// by git). A clone without the traces validates; with them, the lock is checked as usual. The
// committed gsm8k lock equals a build from the GSM8K files beside the checkout.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import type { TunixError } from "../errors.ts";
import { externalData, itWithExternalData } from "../test-support/external-data.ts";
import { hubClient } from "../traces/import/hf-hub.ts";
import { importFromHub } from "../traces/import/hf-import.ts";
import { startHubServer } from "../traces/import/hf-test-server.ts";
import { importTraces } from "../traces/import/import.ts";
import { validateRepo } from "../validate/validate.ts";
import { checkDatasetLockAndLeaks, writeDatasetLock } from "./build.ts";
import { loadExamples } from "./examples.ts";
import { absentExternalSources } from "./external.ts";
import { readDatasetManifest } from "./manifest.ts";
import { makeRepo, manifestYaml, removeRepos, writeFiles } from "./test-kit.ts";

afterAll(removeRepos);

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = path.join(REPO, "pipeline/bin/tunix-rt.js");
const MANIFEST = manifestYaml(
  "ext",
  "sources: [traces/external/ext/train.jsonl]\nsplit:\n  evalFiles: [traces/external/ext/test.jsonl]",
);

function cli(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    env: { ...process.env, TUNIX_RT_ROOT: root },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Made-up GSM8K-shaped rows. */
function parquet(prefix: string, n: number): Uint8Array {
  const q = Array.from(
    { length: n },
    (_, i) => `${prefix}: Ann has ${i} pens and buys ${i + 2} more. How many pens?`,
  );
  const a = Array.from(
    { length: n },
    (_, i) => `${i}+${i + 2} = <<${i}+${i + 2}=${2 * i + 2}>>${2 * i + 2}\n#### ${2 * i + 2}`,
  );
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "question", data: q, type: "STRING" },
        { name: "answer", data: a, type: "STRING" },
      ],
    }),
  );
}

describe("an external dataset", () => {
  it("imported from the Hub, locked, then absent (a fresh clone): validates; re-imported: fresh again", async () => {
    const hub = await startHubServer();
    try {
      hub.commit("acme/ext", {
        "data/train-0.parquet": parquet("train", 6),
        "data/test-0.parquet": parquet("test", 3),
      });
      const root = makeRepo({ "datasets/ext.yaml": MANIFEST });
      const client = hubClient({ endpoint: hub.url });
      const bring = async () => {
        for (const split of ["train", "test"])
          await importFromHub(root, "hf:acme/ext", { split, format: "gsm8k", hub: client });
      };
      await bring();
      const lock = await writeDatasetLock(root, "ext");
      expect(Object.fromEntries(Object.entries(lock.splits).map(([s, e]) => [s, e.length]))).toEqual({
        eval: 3,
        train: 6,
      });
      expect(await checkDatasetLockAndLeaks(root, "ext")).toEqual({ problems: [], leaks: [], absent: [] });

      // What a clone holds: manifest, lock and provenance; the traces are gone.
      rmSync(path.join(root, "traces/external/ext/train.jsonl"));
      rmSync(path.join(root, "traces/external/ext/test.jsonl"));
      expect(absentExternalSources(root, readDatasetManifest(root, "ext"))).toEqual([
        "traces/external/ext/train.jsonl",
        "traces/external/ext/test.jsonl",
      ]);
      const report = await validateRepo(root);
      expect(report.problems).toEqual([]);
      expect(report.files).toBe(4); // manifest, lock, two provenance files
      const check = cli(root, "dataset", "build", "--check");
      expect(check.code).toBe(0);
      expect(check.stdout).toBe(
        "datasets/ext.lock.json: not checked: its external traces are absent (traces/external/ext/train.jsonl, traces/external/ext/test.jsonl)\n",
      );
      const build = cli(root, "dataset", "build", "ext");
      expect(build.code).toBe(1);
      expect(build.stderr).toContain("its traces are not committed (others' text): import them first");
      const examples = await loadExamples(root, "ext", "train").catch((e: TunixError) => e);
      expect((examples as TunixError).message).toContain(
        "traces/external/ext/train.jsonl, traces/external/ext/test.jsonl match no file",
      );

      await bring();
      expect((await checkDatasetLockAndLeaks(root, "ext")).problems).toEqual([]);
      // Other traces under the same names: the committed lock says so.
      writeFiles(root, {
        "traces/external/ext/test.jsonl": readFileSync(
          path.join(root, "traces/external/ext/test.jsonl"),
          "utf8",
        ).replace("How many", "How MANY"),
      });
      expect((await checkDatasetLockAndLeaks(root, "ext")).problems[0].message).toContain("lock is stale");
    } finally {
      await hub.close();
    }
  });

  it("a missing lock is still a problem, traces or not", async () => {
    const root = makeRepo({ "datasets/ext.yaml": MANIFEST });
    const report = await validateRepo(root);
    expect(report.problems.map((p) => p.message)).toEqual(["dataset ext has no lock datasets/ext.lock.json"]);
  });
});

const TRAIN = externalData("gsm8k/train.jsonl");
const TEST = externalData("gsm8k/test.jsonl");

describe("the committed gsm8k dataset", () => {
  itWithExternalData(
    TEST,
    "its lock equals a build from the GSM8K files imported as the manifest says",
    async () => {
      const root = makeRepo({
        "datasets/gsm8k.yaml": readFileSync(path.join(REPO, "datasets/gsm8k.yaml"), "utf8"),
      });
      for (const [split, file] of [
        ["train", TRAIN.path],
        ["test", TEST.path],
      ])
        await importTraces(root, file, {
          format: "gsm8k",
          out: `traces/external/gsm8k/${split}.jsonl`,
          source: `gsm8k/${split}`,
        });
      await writeDatasetLock(root, "gsm8k");
      const built = readFileSync(path.join(root, "datasets/gsm8k.lock.json"), "utf8");
      expect(built).toBe(readFileSync(path.join(REPO, "datasets/gsm8k.lock.json"), "utf8"));
    },
    120_000,
  );
});
