// Evidence packages of a real tiny run: made twice they are byte-identical; verify passes, and fails
// naming the member on a modified and on a missing one, an unlisted one, and a trace changed since the
// lock; the packaged config gives back the run id; a run made with `--set` gets the copy-and-run
// command; a run whose lock changed since is refused; the CLI exits 1 on a bad package.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATASET,
  makeTinyRepo,
  runCli,
  TINY_CONFIG,
  TRACE_FILE,
  writeRepoFile,
} from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { readZip, zipBytes } from "../io/zip.ts";
import { loadRunConfig } from "./config-load.ts";
import { lockHashOf, runIdFor } from "./manifest.ts";
import { packageRun } from "./package.ts";
import { verifyPackage } from "./package-verify.ts";
import { runPipeline } from "./pipeline.ts";

let root: string;
let runId: string;
let bytes: Buffer;
beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
  runId = (await runPipeline({ root, configPath: TINY_CONFIG })).runId;
  bytes = (await packageRun(root, runId)).bytes;
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The package with its members changed by `edit` (SHA256SUMS left as it was). */
async function tampered(
  edit: (members: { name: string; data: Buffer }[]) => { name: string; data: Buffer }[],
) {
  return zipBytes(edit(readZip(bytes, "x.zip")));
}

describe("tunix-rt package", () => {
  it("is byte-identical when made twice, and holds the run, config, dataset, README and sums", async () => {
    const again = await packageRun(root, runId);
    expect(again.bytes.equals(bytes)).toBe(true);
    expect(again.members).toEqual([
      "README.md",
      "config/tiny.yaml",
      `dataset/${DATASET}.lock.json`,
      `dataset/${DATASET}.yaml`,
      "run/eval_summary.json",
      "run/metrics.jsonl",
      "run/predictions.jsonl",
      "run/run.json",
      "run/verdicts.jsonl",
      "SHA256SUMS",
    ]);
    const readme = readZip(bytes, "x.zip")
      .find((m) => m.name === `${runId}/README.md`)!
      .data.toString("utf8");
    expect(readme).toContain("| answer-correctness@1 |");
    expect(readme).toMatch(/git checkout [0-9a-f]{40} && npx tunix-rt run configs\/runs\/tiny\.yaml/);
  });

  it("verifies: every hash, and the lock's trace hashes against the repository's traces", async () => {
    const r = await verifyPackage(root, bytes, "p.zip");
    expect(r.problems).toEqual([]);
    expect([r.run, r.verified, r.members]).toEqual([runId, 9, 10]);
    expect(r.traces).toEqual({ checked: 24, absent: 0, changed: 0 });
  });

  it("names a modified, a missing and an unlisted member", async () => {
    const modified = await tampered((ms) =>
      ms.map((m) =>
        m.name.endsWith("run/predictions.jsonl")
          ? { ...m, data: Buffer.concat([m.data, Buffer.from("\n")]) }
          : m,
      ),
    );
    const a = await verifyPackage(root, modified, "p.zip");
    expect(a.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      `p.zip: ${runId}/run/predictions.jsonl: modified`,
    ]);
    const missing = await tampered((ms) => ms.filter((m) => !m.name.endsWith("run/metrics.jsonl")));
    const b = await verifyPackage(root, missing, "p.zip");
    expect(b.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      `p.zip: ${runId}/run/metrics.jsonl: missing (listed in SHA256SUMS)`,
    ]);
    const extra = await tampered((ms) => [...ms, { name: `${runId}/run/notes.txt`, data: Buffer.from("x") }]);
    expect((await verifyPackage(root, extra, "p.zip")).problems[0].message).toBe("not listed in SHA256SUMS");
  });

  it("the CLI exits 1 on a modified package, naming the member", async () => {
    const modified = await tampered((ms) =>
      ms.map((m) =>
        m.name.endsWith("run/run.json")
          ? { ...m, data: Buffer.from(m.data.toString().replace('"status"', '"status" ')) }
          : m,
      ),
    );
    writeFileSync(path.join(root, "bad.zip"), modified);
    const r = runCli(root, ["package", "verify", "bad.zip"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`bad.zip: ${runId}/run/run.json: modified: expected sha256`);
    const ok = runCli(root, ["package", runId, "--out", "good.zip"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(path.join(root, "good.zip")).equals(bytes)).toBe(true);
    expect(runCli(root, ["package", "verify", "good.zip"]).code).toBe(0);
  }, 60_000);

  it("packs a config that gives back the run id; a `--set` run gets the copy-and-run command", async () => {
    const config = readZip(bytes, "x.zip").find((m) => m.name === `${runId}/config/tiny.yaml`)!.data;
    writeRepoFile(root, "configs/runs/repro/tiny.yaml", config.toString("utf8"));
    const loaded = loadRunConfig(root, "configs/runs/repro/tiny.yaml");
    expect(runIdFor(loaded.name, loaded.config, lockHashOf(root, DATASET))).toBe(runId);
    rmSync(path.join(root, "configs/runs/repro"), { recursive: true });

    const other = await runPipeline({ root, configPath: TINY_CONFIG, sets: ["seed=3"] });
    const readme = readZip((await packageRun(root, other.runId)).bytes, "y.zip")
      .find((m) => m.name.endsWith("README.md"))!
      .data.toString("utf8");
    expect(readme).toContain(
      `cp ../${other.runId}/config/tiny.yaml configs/runs/tiny.yaml && npx tunix-rt run configs/runs/tiny.yaml`,
    );
  }, 120_000);

  it("fails on a trace changed since the lock, and refuses to package a run whose lock changed", async () => {
    const file = path.join(root, TRACE_FILE);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"answer":"', '"answer":"9'));
    const r = await verifyPackage(root, bytes, "p.zip");
    expect(r.traces?.changed).toBeGreaterThan(0);
    expect(r.problems[0]).toMatchObject({
      file: `${TRACE_FILE}:1`,
      message: expect.stringContaining("changed since the lock"),
    });
    await writeDatasetLock(root, DATASET);
    await expect(packageRun(root, runId)).rejects.toThrow(
      /datasets\/e2e\.lock\.json: the lock is not the one runs\/tiny-/,
    );
    writeFileSync(file, text);
  }, 60_000);
});
