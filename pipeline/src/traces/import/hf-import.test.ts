// `traces import hf:…` against a local server that speaks the Hub's routes (hf-test-server.ts), with
// Parquet (hyparquet-writer) and JSONL files the tests make: pinning, provenance, changed bytes behind
// one commit, split/config selection, and the CLI through HF_ENDPOINT.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, removeRepos, writeFiles } from "../../dataset/test-kit.ts";
import { TunixError } from "../../errors.ts";
import { ImportProvenance } from "../../schemas/import-provenance.ts";
import { Trace } from "../../schemas/trace.ts";
import { validateRepo } from "../../validate/validate.ts";
import { hubClient } from "./hf-hub.ts";
import { importFromHub } from "./hf-import.ts";
import { type HubServer, startHubServer } from "./hf-test-server.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/tunix-rt.js");

/** GSM8K-shaped rows, made up for the test. */
function rows(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    question: `${prefix} question ${i}: what is ${i} + ${i}?`,
    answer: `Add them: ${i}+${i} = <<${i}+${i}=${2 * i}>>${2 * i}\n#### ${2 * i}`,
  }));
}

function parquet(data: { question: string; answer: string }[]): Uint8Array {
  const buf = parquetWriteBuffer({
    columnData: [
      { name: "question", data: data.map((r) => r.question), type: "STRING" },
      { name: "answer", data: data.map((r) => r.answer), type: "STRING" },
    ],
  });
  return new Uint8Array(buf);
}

function jsonl(data: unknown[]): Uint8Array {
  return new TextEncoder().encode(data.map((r) => `${JSON.stringify(r)}\n`).join(""));
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const readLines = (root: string, rel: string) =>
  readFileSync(path.join(root, rel), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

let hub: HubServer;
beforeAll(async () => {
  hub = await startHubServer();
});
afterAll(async () => {
  await hub.close();
  removeRepos();
});

describe("traces import hf: (Parquet)", () => {
  it("pins the revision to a commit, downloads at it, maps rows and records provenance", async () => {
    const test = parquet(rows("main", 5));
    const commit = hub.commit("acme/mathqa", {
      "README.md": new TextEncoder().encode("# a card"),
      "main/train-00000-of-00001.parquet": parquet(rows("train", 3)),
      "main/test-00000-of-00001.parquet": test,
      "socratic/test-00000-of-00001.parquet": parquet(rows("socratic", 2)),
    });
    const root = makeRepo({});
    const client = hubClient({ endpoint: `${hub.url}/` });
    const r = await importFromHub(root, "hf:acme/mathqa@main", {
      split: "test",
      config: "main",
      format: "gsm8k",
      hub: client,
    });
    expect(r).toMatchObject({ out: "traces/external/mathqa/test.jsonl", read: 5, imported: 5, commit });
    const traces = readLines(root, r.out).map((t) => Trace.parse(t));
    expect(traces.map((t) => t.id)).toEqual([0, 1, 2, 3, 4].map((i) => `mathqa/test:${i}`));
    expect(traces[3]).toMatchObject({
      prompt: "main question 3: what is 3 + 3?",
      answer: "6",
      source: "mathqa/test",
    });
    const prov = ImportProvenance.parse(JSON.parse(readFileSync(path.join(root, r.provenance), "utf8")));
    expect(r.provenance).toBe("traces/external/mathqa/test.provenance.json");
    expect(prov).toEqual({
      schemaVersion: 1,
      traces: "traces/external/mathqa/test.jsonl",
      source: "mathqa/test",
      format: "gsm8k",
      hub: { repo: "acme/mathqa", revision: "main", commit, split: "test", config: "main" },
      files: [{ path: "main/test-00000-of-00001.parquet", sha256: sha(test), bytes: test.length, rows: 5 }],
      rows: 5,
    });
    // The file came from the commit, never from the branch name.
    expect(hub.requests).toContain(
      `/datasets/acme/mathqa/resolve/${commit}/main/test-00000-of-00001.parquet`,
    );
    expect(hub.requests).toContain("/api/datasets/acme/mathqa/revision/main?blobs=true");
    // The provenance file is a data file validate knows.
    expect((await validateRepo(root)).problems).toEqual([]);
    writeFiles(root, { [r.provenance]: JSON.stringify({ ...prov, hub: { ...prov.hub, commit: "main" } }) });
    const bad = await validateRepo(root);
    expect(bad.problems.map((p) => `${p.file}:${p.line}: ${p.field}`)).toEqual([
      "traces/external/mathqa/test.provenance.json:1: hub.commit",
    ]);
  });

  it("keeps an old commit reachable by its sha after the branch moves; refuses a file changed behind a commit", async () => {
    const first = parquet(rows("v1", 2));
    const old = hub.commit("acme/moving", { "data/test-00000-of-00001.parquet": first });
    const second = parquet(rows("v2", 3));
    const now = hub.commit("acme/moving", { "data/test-00000-of-00001.parquet": second });
    const client = hubClient({ endpoint: hub.url });
    const root = makeRepo({});
    const pinned = await importFromHub(root, `hf:acme/moving@${old}`, {
      split: "test",
      format: "gsm8k",
      hub: client,
      out: path.join(root, "traces/external/old/test.jsonl"),
    });
    expect(pinned).toMatchObject({ commit: old, read: 2 });
    const latest = await importFromHub(root, "hf:acme/moving", {
      split: "test",
      format: "gsm8k",
      hub: client,
    });
    expect(latest).toMatchObject({ commit: now, read: 3, out: "traces/external/moving/test.jsonl" });

    // Other bytes behind the same commit, the stated LFS hash unchanged: refused, nothing written.
    const before = readFileSync(path.join(root, latest.out));
    hub.replace("acme/moving", now, "data/test-00000-of-00001.parquet", parquet(rows("v3", 4)));
    const err = await importFromHub(root, "hf:acme/moving", {
      split: "test",
      format: "gsm8k",
      hub: client,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).code).toBe("E_MISMATCH");
    expect((err as TunixError).message).toContain(
      `data/test-00000-of-00001.parquet: sha256: changed behind commit ${now.slice(0, 12)}: nothing imported: expected ${sha(second)} (the Hub states)`,
    );
    expect(readFileSync(path.join(root, latest.out)).equals(before)).toBe(true);
  });
});

describe("traces import hf: (JSONL)", () => {
  it("maps JSONL rows with --map and detects a changed file against the recorded provenance", async () => {
    const data = [
      { q: "How many legs do 2 cats have?", a: "8", why: ["Each cat has 4 legs.", "2 * 4 = 8"] },
      { q: "What is 10 - 3?", a: "7", why: ["10 - 3 = 7"] },
    ];
    const file = jsonl(data);
    const commit = hub.commit("acme/plain", {
      "data/train.jsonl": file,
      "data/test.jsonl": jsonl(data.slice(1)),
    });
    const client = hubClient({ endpoint: hub.url });
    const root = makeRepo({});
    const opts = { split: "train", format: "jsonl", map: "prompt=q,answer=a,steps=why", hub: client };
    const r = await importFromHub(root, "hf:acme/plain@main", opts);
    expect(r).toMatchObject({
      read: 2,
      imported: 2,
      files: [{ path: "data/train.jsonl", sha256: sha(file), rows: 2 }],
    });
    expect(readLines(root, r.out)[0]).toMatchObject({
      id: "plain/train:0",
      answer: "8",
      steps: [{ text: "Each cat has 4 legs." }, { text: "2 * 4 = 8" }],
    });
    // Same commit, same bytes: idempotent.
    expect(await importFromHub(root, "hf:acme/plain@main", opts)).toMatchObject({
      imported: 0,
      duplicates: 2,
      written: false,
    });
    // JSONL files carry no LFS hash: the provenance of the first import catches the change.
    hub.replace("acme/plain", commit, "data/train.jsonl", jsonl([...data, { q: "x?", a: "1", why: [] }]));
    await expect(importFromHub(root, "hf:acme/plain@main", opts)).rejects.toThrow(
      `data/train.jsonl: sha256: changed behind commit ${commit.slice(0, 12)}: nothing imported: expected ${sha(file)} (traces/external/plain/train.provenance.json recorded)`,
    );
  });
});

describe("choosing the split's files", () => {
  it("refuses an ambiguous split without --config, an unknown split, and an unknown revision", async () => {
    hub.commit("acme/two", {
      "main/test-00000-of-00001.parquet": parquet(rows("a", 1)),
      "socratic/test-00000-of-00001.parquet": parquet(rows("b", 1)),
    });
    const client = hubClient({ endpoint: hub.url });
    const root = makeRepo({});
    await expect(
      importFromHub(root, "hf:acme/two", { split: "test", format: "gsm8k", hub: client }),
    ).rejects.toThrow(
      /--config: split test is in several folders: main\/test-00000-of-00001\.parquet, socratic\/test-00000-of-00001\.parquet \(choose one: --config main \| --config socratic\)/,
    );
    await expect(
      importFromHub(root, "hf:acme/two", { split: "dev", format: "gsm8k", hub: client }),
    ).rejects.toThrow(
      /--split: expected Parquet or JSONL files of split "dev", found main\/test-00000-of-00001\.parquet, socratic/,
    );
    await expect(
      importFromHub(root, "hf:acme/two@v9", { split: "test", format: "gsm8k", hub: client }),
    ).rejects.toThrow(/revision v9 of acme\/two: HTTP 404 .*check the owner\/name, the revision/);
    await expect(
      importFromHub(root, "hf:acme", { split: "test", format: "gsm8k", hub: client }),
    ).rejects.toThrow(/expected hf:<owner>\/<dataset>\[@revision\]/);
  });
});

describe("tunix-rt traces import hf: (CLI)", () => {
  it("reads the endpoint from HF_ENDPOINT and prints the commit, the files and the provenance", async () => {
    const file = parquet(rows("cli", 2));
    const commit = hub.commit("acme/cli", { "default/train-00000-of-00001.parquet": file });
    const root = makeRepo({});
    const r = await run(
      root,
      { HF_ENDPOINT: hub.url },
      "traces",
      "import",
      "hf:acme/cli",
      "--split",
      "train",
      "--format",
      "gsm8k",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `default/train-00000-of-00001.parquet: 2 rows, sha256 ${sha(file)}\ntraces/external/cli/train.jsonl: read 2, imported 2, duplicates 0, skipped 0 at commit ${commit} (provenance: traces/external/cli/train.provenance.json)\n`,
    );
    const missing = await run(
      root,
      { HF_ENDPOINT: hub.url },
      "traces",
      "import",
      "hf:acme/cli",
      "--format",
      "gsm8k",
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--format and --split are required");
  });
});

/** The CLI in a child process, asynchronously: the Hub stand-in answers from this process. */
function run(root: string, env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: root,
      env: { ...process.env, ...env, TUNIX_RT_ROOT: root },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
