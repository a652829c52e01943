// The model store: the one folder outside the repository that the pipeline reads weights from.
// Its location is `$TUNIX_MODEL_STORE`, default `~/.cache/tunix-rt/models`. Run configs name a
// model by a store-relative name (`google/gemma-3-270m`), so no absolute path reaches run.json or a
// run id. A name resolves, first match wins, to
//   <store>/<name>/                                  a plain folder (`huggingface-cli download … --local-dir`)
//   <store>/models--<owner>--<repo>/snapshots/<rev>/ the Hugging Face cache layout (`HF_HUB_CACHE=<store>`),
//                                                    <rev> from refs/main, or `name@<rev>`
// Symlinks are followed as long as their target stays inside the store (the cache's snapshots/ →
// blobs/ links do); one that leads out is refused. A missing model is an error that says how to
// fetch it on a machine with network.
//
//   const { dir, name } = resolveModel("google/gemma-3-270m");   // dir is absolute, name is not
//   checkInsideStore(store, file, "google/gemma-3-270m/model.safetensors");
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TunixError } from "../errors.ts";

export const MODEL_STORE_ENV = "TUNIX_MODEL_STORE";

/** The store folder (absolute): $TUNIX_MODEL_STORE, or ~/.cache/tunix-rt/models. */
export function modelStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[MODEL_STORE_ENV];
  if (given) return path.resolve(given);
  return path.join(os.homedir(), ".cache", "tunix-rt", "models");
}

export interface ResolvedModel {
  /** The name as given (store-relative; what configs and run.json hold). */
  name: string;
  /** Absolute folder holding config.json. */
  dir: string;
  /** The store it was found in. */
  store: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*(@[A-Za-z0-9._-]+)?$/;

/** A store-relative name → its folder, or a TunixError saying how to fetch it. */
export function resolveModel(name: string, store = modelStoreDir()): ResolvedModel {
  if (!NAME.test(name) || name.split(/[/@]/).some((p) => p === ".." || p === ".")) {
    throw new TunixError("E_USAGE", {
      field: "model.weights",
      expected:
        "a store-relative name such as google/gemma-3-270m (letters, digits, . _ - and /; optional @revision)",
      found: JSON.stringify(name),
      hint: `models live in the model store ($${MODEL_STORE_ENV}); absolute paths and .. are not allowed`,
    });
  }
  const [base, rev] = name.split("@");
  const plain = path.join(store, base);
  if (!rev && existsSync(path.join(plain, "config.json"))) return checked(name, plain, store);
  const parts = base.split("/");
  if (parts.length === 2) {
    const cache = path.join(store, `models--${parts[0]}--${parts[1]}`);
    const snapshot = snapshotOf(cache, rev, name);
    if (snapshot && existsSync(path.join(snapshot, "config.json"))) return checked(name, snapshot, store);
  }
  throw new TunixError("E_NOT_FOUND", {
    file: `${name}/config.json`,
    message: `model ${name} is not in the model store (${MODEL_STORE_ENV}=${store})`,
    hint: `on a machine with network: huggingface-cli download ${base}${rev ? ` --revision ${rev}` : ""} --local-dir "$${MODEL_STORE_ENV}/${base}"; then copy the folder here, or set ${MODEL_STORE_ENV}`,
  });
}

/** Where a new model named `name` goes in the store (for `tunix-rt model init --out <name>`). */
export function storeTarget(name: string, store = modelStoreDir()): ResolvedModel {
  checkName(name, "--out");
  if (name.includes("@")) {
    throw new TunixError("E_USAGE", { field: "--out", expected: "a name without @revision", found: name });
  }
  const dir = path.join(store, name);
  // What exists of the path must stay in the store: a linked sub-folder would write elsewhere.
  let existing = dir;
  while (!existsSync(existing) && existing !== store && existing !== path.dirname(existing))
    existing = path.dirname(existing);
  if (existsSync(existing) && existsSync(store)) checkInsideStore(store, existing, name);
  return { name, dir, store };
}

function checkName(name: string, field: string): void {
  if (!NAME.test(name) || name.split(/[/@]/).some((p) => p === ".." || p === ".")) {
    throw new TunixError("E_USAGE", {
      field,
      expected:
        "a store-relative name such as google/gemma-3-270m (letters, digits, . _ - and /; optional @revision)",
      found: JSON.stringify(name),
      hint: `models live in the model store ($${MODEL_STORE_ENV}); absolute paths and .. are not allowed`,
    });
  }
}

function checked(name: string, dir: string, store: string): ResolvedModel {
  checkInsideStore(store, dir, name);
  return { name, dir, store };
}

/** Refuse a path whose real location (symlinks followed) is outside the store. */
export function checkInsideStore(store: string, target: string, display: string): void {
  const real = realpathSync(target);
  const root = realpathSync(store);
  const rel = path.relative(root, real);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new TunixError("E_STATE", {
      file: display,
      message: "a symlink in the model store leads outside it",
      hint: `copy the files into the store (${MODEL_STORE_ENV}) instead of linking to them`,
    });
  }
}

/** The snapshot folder of a Hugging Face cache entry: `rev`, refs/main, or the only snapshot. */
function snapshotOf(cache: string, rev: string | undefined, name: string): string | undefined {
  const snapshots = path.join(cache, "snapshots");
  if (!existsSync(snapshots)) return undefined;
  if (rev) {
    const ref = path.join(cache, "refs", rev);
    const commit = existsSync(ref) ? readFileSync(ref, "utf8").trim() : rev;
    return path.join(snapshots, commit);
  }
  const main = path.join(cache, "refs", "main");
  if (existsSync(main)) return path.join(snapshots, readFileSync(main, "utf8").trim());
  const revs = readdirSync(snapshots).filter((d) => statSync(path.join(snapshots, d)).isDirectory());
  if (revs.length === 1) return path.join(snapshots, revs[0]);
  if (revs.length > 1) {
    throw new TunixError("E_USAGE", {
      field: "model.weights",
      message: `${name} has ${revs.length} snapshots in the store and no refs/main`,
      hint: `name one: ${revs
        .sort()
        .map((r) => `${name}@${r}`)
        .join(", ")}`,
    });
  }
  return undefined;
}
