// The model store: a plain folder, the Hugging Face cache layout (refs/main, @revision, snapshots
// whose files link to blobs/), symlinks that leave the store refused, bad names refused, and a
// missing model explained with the command that fetches it.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { checkInsideStore, MODEL_STORE_ENV, modelStoreDir, resolveModel } from "./model-store.ts";

function store(): string {
  return mkdtempSync(path.join(os.tmpdir(), "tunix-store-"));
}

function errorOf(fn: () => unknown): TunixError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TunixError) return err;
    throw err;
  }
  throw new Error("no error");
}

/** A Hugging Face cache entry: blobs/<hash>, snapshots/<rev>/config.json → ../../blobs/<hash>. */
function cacheEntry(root: string, repo: string, revs: string[], main?: string): void {
  const entry = path.join(root, `models--${repo.replace("/", "--")}`);
  mkdirSync(path.join(entry, "blobs"), { recursive: true });
  for (const rev of revs) {
    writeFileSync(path.join(entry, "blobs", `blob-${rev}`), JSON.stringify({ rev }));
    mkdirSync(path.join(entry, "snapshots", rev), { recursive: true });
    symlinkSync(
      path.join("..", "..", "blobs", `blob-${rev}`),
      path.join(entry, "snapshots", rev, "config.json"),
    );
  }
  if (main) {
    mkdirSync(path.join(entry, "refs"), { recursive: true });
    writeFileSync(path.join(entry, "refs", "main"), `${main}\n`);
  }
}

describe("model store", () => {
  it("is $TUNIX_MODEL_STORE, else ~/.cache/tunix-rt/models", () => {
    expect(modelStoreDir({ [MODEL_STORE_ENV]: "/srv/models" })).toBe(path.resolve("/srv/models"));
    expect(modelStoreDir({})).toBe(path.join(os.homedir(), ".cache", "tunix-rt", "models"));
  });

  it("resolves a plain folder by its store-relative name", () => {
    const s = store();
    mkdirSync(path.join(s, "google", "gemma-3-270m"), { recursive: true });
    writeFileSync(path.join(s, "google", "gemma-3-270m", "config.json"), "{}");
    const r = resolveModel("google/gemma-3-270m", s);
    expect(r).toEqual({ name: "google/gemma-3-270m", dir: path.join(s, "google", "gemma-3-270m"), store: s });
  });

  it("resolves the Hugging Face cache layout through refs/main, @revision or a single snapshot", () => {
    const s = store();
    cacheEntry(s, "google/gemma-3-1b-it", ["aaa111", "bbb222"], "bbb222");
    expect(resolveModel("google/gemma-3-1b-it", s).dir).toMatch(/snapshots\/bbb222$/);
    expect(resolveModel("google/gemma-3-1b-it@aaa111", s).dir).toMatch(/snapshots\/aaa111$/);
    cacheEntry(s, "google/gemma-3-270m", ["ccc333"]);
    expect(resolveModel("google/gemma-3-270m", s).dir).toMatch(/snapshots\/ccc333$/);
  });

  it("asks for a revision when several snapshots exist and none is main", () => {
    const s = store();
    cacheEntry(s, "o/m", ["r1", "r2"]);
    const err = errorOf(() => resolveModel("o/m", s));
    expect(err.message).toContain("o/m@r1, o/m@r2");
  });

  it("names the command that fetches a missing model", () => {
    const s = store();
    const err = errorOf(() => resolveModel("google/gemma-3-270m", s));
    expect(err.code).toBe("E_NOT_FOUND");
    expect(err.message).toContain("google/gemma-3-270m/config.json");
    expect(err.message).toContain("huggingface-cli download google/gemma-3-270m --local-dir");
  });

  for (const bad of ["/etc/models", "../x", "a/../b", "a//b", "", "a b"]) {
    it(`refuses the name ${JSON.stringify(bad)}`, () => {
      expect(errorOf(() => resolveModel(bad, store())).code).toBe("E_USAGE");
    });
  }

  it("refuses a symlink that leads out of the store", () => {
    const s = store();
    const outside = mkdtempSync(path.join(os.tmpdir(), "tunix-outside-"));
    writeFileSync(path.join(outside, "config.json"), "{}");
    symlinkSync(outside, path.join(s, "escape"));
    const err = errorOf(() => resolveModel("escape", s));
    expect(err.message).toContain("leads outside");
    mkdirSync(path.join(s, "ok"));
    symlinkSync(path.join(outside, "config.json"), path.join(s, "ok", "weights.bin"));
    expect(() => checkInsideStore(s, path.join(s, "ok", "weights.bin"), "ok/weights.bin")).toThrow(/outside/);
  });
});

describe("storeTarget (model init --out)", () => {
  it("refuses a name whose existing part leads out of the store through a symlink", async () => {
    const { storeTarget } = await import("./model-store.ts");
    const s = store();
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "tunix-elsewhere-"));
    symlinkSync(elsewhere, path.join(s, "google"));
    expect(errorOf(() => storeTarget("google/new-model", s)).message).toBe(
      "google/new-model: a symlink in the model store leads outside it (copy the files into the store (TUNIX_MODEL_STORE) instead of linking to them)",
    );
    expect(storeTarget("mine/new-model", s).dir).toBe(path.join(s, "mine/new-model"));
    rmSync(s, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });
});
