// Sharded inference: `tunix-rt infer <run> --shard i/N` generates items [from, to) of the eval (whole
// batches, infer/predictions.ts shardRange) into `<eval folder>/shards/predictions.<i>-of-<N>.jsonl`
// with a sidecar `<i>-of-<N>.json` (settings, item range, dataset lock, model); `--merge` checks that
// all N shards are there and agree, joins them in item order into the eval's predictions.jsonl —
// the bytes an unsharded run writes, timing fields aside, since every generation is seeded by its
// item — records the generation as an unsharded run does, and removes the shards folder. Shards
// are the hand-over between the jobs of a matrix; they are never committed.
//
//   shardMatrix(3)  // { include: [{ shard: "1/3", stem: "1-of-3" }, …] } for a workflow matrix
//   writeShard(dir, { index: 1, count: 3 }, rows, meta);
//   const rows = mergeShards({ root, runDir });                  // the run's own eval
//   const rows = mergeShards({ root, runDir, eval: { name: "gsm8k-test" } });
import path from "node:path";
import { z } from "zod";
import { TunixError } from "../errors.ts";
import type { Shard } from "../infer/predictions.ts";
import { writeJsonAtomic, writeJsonlAtomic } from "../io/atomic.ts";
import { pathInRepo } from "../io/confine.ts";
import { listFileNames, removeFolder } from "../io/folder-files.ts";
import { stableStringify } from "../io/json.ts";
import { readJsonlFile } from "../io/jsonl-file.ts";
import { readJsonFile } from "../io/read.ts";
import { EvalManifest } from "../schemas/eval.ts";
import { PredictionRow } from "../schemas/rows.ts";
import { type EvalRequest, PREDICTIONS_FILE, recordGeneration, resolveEvalTarget } from "./eval-target.ts";
import { readRunManifest } from "./manifest.ts";

export const SHARDS_DIR = "shards";

/** What a shard's sidecar records (everything the merge needs to record the whole eval). */
export const ShardMeta = z.strictObject({
  schemaVersion: z.literal(1),
  shard: z.strictObject({ index: z.int().min(1), count: z.int().min(1) }),
  items: z.strictObject({ from: z.int().min(0), to: z.int().min(0), total: z.int().min(0) }),
  record: z.record(z.string(), z.unknown()),
  dataset: EvalManifest.shape.dataset,
  eval: z
    .strictObject({ name: z.string(), note: z.string().optional(), model: EvalManifest.shape.model })
    .optional(),
});
export type ShardMeta = z.infer<typeof ShardMeta>;

/**
 * The GitHub Actions matrix of N shards (at most 256 jobs): one entry per shard with its `i/N` and
 * the `i-of-N` stem its files and artifact are named by.
 */
export function shardMatrix(count: number): { include: { shard: string; stem: string }[] } {
  if (!(Number.isInteger(count) && count >= 1 && count <= 256)) {
    throw new TunixError("E_USAGE", {
      field: "--shard-matrix",
      expected: "a whole number of shards from 1 to 256 (GitHub runs at most 256 jobs per matrix)",
      found: JSON.stringify(count),
    });
  }
  return {
    include: Array.from({ length: count }, (_, i) => ({
      shard: `${i + 1}/${count}`,
      stem: `${i + 1}-of-${count}`,
    })),
  };
}

/** Parse `i/N` (1 ≤ i ≤ N). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(index >= 1 && count >= 1 && index <= count)) {
    throw new TunixError("E_USAGE", {
      field: "--shard",
      expected: "i/N with 1 ≤ i ≤ N, e.g. 2/3",
      found: JSON.stringify(text),
    });
  }
  return { index, count };
}

export function writeShard(
  evalDir: string,
  shard: Shard,
  rows: readonly PredictionRow[],
  meta: Omit<ShardMeta, "schemaVersion" | "shard">,
): void {
  const dir = path.join(evalDir, SHARDS_DIR);
  const stem = `${shard.index}-of-${shard.count}`;
  writeJsonlAtomic(path.join(dir, `predictions.${stem}.jsonl`), rows);
  writeJsonAtomic(path.join(dir, `${stem}.json`), { schemaVersion: 1, shard, ...meta });
}

/** Join the N shards of the run's own eval (or of eval `eval`) into its predictions.jsonl. */
export function mergeShards(opts: { root: string; runDir: string; eval?: EvalRequest }): PredictionRow[] {
  const startedAt = new Date();
  const runDir = pathInRepo(opts.root, opts.runDir, { field: "run folder" });
  const evalDir = resolveEvalTarget(opts.root, runDir, readRunManifest(runDir), opts.eval).dir;
  const dir = path.join(evalDir, SHARDS_DIR);
  const rel = path.relative(opts.root, dir).split(path.sep).join("/");
  const metas = listFileNames(dir)
    .filter((f) => /^\d+-of-\d+\.json$/.test(f))
    .map((f) => readJsonFile(path.join(dir, f), ShardMeta, `${rel}/${f}`));
  if (metas.length === 0) {
    throw new TunixError("E_NOT_FOUND", {
      file: rel,
      message: "no shards to merge",
      hint: "generate them first: tunix-rt infer <run> --shard i/N (one per i)",
    });
  }
  const count = metas[0].shard.count;
  const problem = (message: string, hint?: string) =>
    new TunixError("E_STATE", {
      file: rel,
      message,
      hint: hint ?? "re-run the shards with the same run and settings",
    });
  if (metas.some((x) => x.shard.count !== count))
    throw problem(`shards of different counts: ${[...new Set(metas.map((x) => x.shard.count))].join(", ")}`);
  const have = new Set(metas.map((x) => x.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
  if (missing.length) {
    throw problem(
      `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")}`,
      `run: tunix-rt infer <run> --shard ${missing[0]}/${count}`,
    );
  }
  metas.sort((a, b) => a.shard.index - b.shard.index);
  const same = (x: ShardMeta) =>
    stableStringify({ ...x.record, items: 0, backend: "" }) +
    stableStringify({ d: x.dataset, e: x.eval, t: x.items.total });
  const key = same(metas[0]);
  for (const x of metas) {
    if (same(x) !== key)
      throw problem(`shard ${x.shard.index}/${count} was made with other settings, data or model`);
  }
  const rows: PredictionRow[] = [];
  let next = 0;
  for (const x of metas) {
    const file = `predictions.${x.shard.index}-of-${count}.jsonl`;
    const part = readJsonlFile(path.join(dir, file), PredictionRow, `${rel}/${file}`);
    if (x.items.from !== next || part.length !== x.items.to - x.items.from)
      throw problem(
        `shard ${x.shard.index}/${count} holds items ${x.items.from}…${x.items.to}, expected from ${next}`,
      );
    rows.push(...part);
    next = x.items.to;
  }
  if (next !== metas[0].items.total)
    throw problem(`the shards hold ${next} of ${metas[0].items.total} items`);

  const first = metas[0];
  const backends = [...new Set(metas.map((x) => String(x.record.backend)))].sort();
  const record = { ...first.record, items: rows.length, backend: backends.join("+"), shards: count };
  writeJsonlAtomic(path.join(evalDir, PREDICTIONS_FILE), rows);
  recordGeneration(
    runDir,
    {
      name: first.eval?.name,
      dir: evalDir,
      dataset: first.dataset.name,
      split: first.dataset.split,
      limit: first.dataset.limit,
      note: first.eval?.note,
    },
    record,
    first.dataset.lockHash,
    first.eval?.model,
    startedAt,
  );
  removeFolder(dir);
  return rows;
}
