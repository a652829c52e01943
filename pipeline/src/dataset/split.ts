// Selection and splitting over a CandidateTable, independent of file and line order: candidates are
// sorted by id first; duplicate ids are an error; duplicates by content hash keep the smallest id;
// `limit` keeps the first traces of a seeded order; ratio splits put each stratum in its own seeded
// order (seeded-order.ts: stable when traces are added) and cut it by largest-remainder counts over
// the split names in sorted order (`eval` before `train`). Splits list ids in id order.
// Row lists are Uint32Arrays (outside the JS heap, 4 bytes a row) so a million rows stay cheap.
//
//   const order = sortById(table);            // throws E_DUPLICATE on a repeated id
//   const { selected, duplicates } = selectTraces(table, order, manifest);
//   const splits = assignSplits(table, selected, manifest, evalFileIdx);  // Map name → row indices
import { type Problem, TunixError } from "../errors.ts";
import type { DatasetManifest } from "../schemas/dataset.ts";
import { type CandidateTable, NO_LABEL } from "./collect.ts";
import { seededOrder } from "./seeded-order.ts";

/** Row indices into a CandidateTable. */
export type Rows = Uint32Array;

const MAX_DUPLICATES_SHOWN = 20;

/** Row indices of every candidate sorted by id (UTF-16 code units); throws on a repeated id. */
export function sortById(t: CandidateTable): Rows {
  const ids = t.ids;
  const order = new Uint32Array(t.size);
  for (let i = 0; i < t.size; i++) order[i] = i;
  order.sort((a, b) => ids.compare(a, b));
  const problems: Problem[] = [];
  let count = 0;
  for (let k = 1; k < order.length; k++) {
    const [a, b] = [order[k - 1], order[k]];
    if (ids.compare(a, b) !== 0) continue;
    count++;
    if (problems.length < MAX_DUPLICATES_SHOWN) {
      const [first, second] = a < b ? [a, b] : [b, a];
      problems.push({
        file: t.files[t.fileIdx[second]],
        line: t.line[second],
        field: "id",
        message: `duplicate id ${JSON.stringify(ids.get(a))}, first at ${t.files[t.fileIdx[first]]}:${t.line[first]}`,
        hint: "trace ids must be unique across the repository; rename or remove one",
      });
    }
  }
  if (count > 0) {
    if (count > problems.length)
      problems.push({ message: `… and ${count - problems.length} more duplicate ids` });
    throw new TunixError("E_DUPLICATE", problems);
  }
  return order;
}

/** Filtered, deduplicated, limited rows in id order. */
export function selectTraces(
  t: CandidateTable,
  order: Rows,
  m: DatasetManifest,
): { selected: Rows; duplicates: number } {
  let rows = order.filter((i) => t.kept[i] === 1);
  let duplicates = 0;
  if (m.dedupe) {
    const dropped = markDuplicates(t, rows);
    const before = rows.length;
    rows = rows.filter((i) => dropped[i] === 0);
    duplicates = before - rows.length;
  }
  if (m.limit !== undefined && rows.length > m.limit) {
    const sample = seededOrder(rows, t.ids, m.seed, "limit").subarray(0, m.limit);
    const chosen = new Uint8Array(t.size);
    for (const i of sample) chosen[i] = 1;
    rows = rows.filter((i) => chosen[i] === 1);
  }
  return { selected: rows, duplicates };
}

/** Split name → rows in id order. `evalFileIdx`: indices into `t.files` of the `evalFiles` globs. */
export function assignSplits(
  t: CandidateTable,
  selected: Rows,
  m: DatasetManifest,
  evalFileIdx: ReadonlySet<number>,
): Map<string, Rows> {
  const split = m.split;
  const splitOf = new Uint16Array(t.size);
  let names: string[];
  if ("evalFiles" in split) {
    names = ["eval", "train"];
    for (const i of selected) splitOf[i] = evalFileIdx.has(t.fileIdx[i]) ? 0 : 1;
  } else {
    names = Object.keys(split.ratios).sort();
    const weights = names.map((n) => split.ratios[n]);
    const field = split.stratify;
    for (const [key, rows] of groupRows(t, selected, field)) {
      const ordered = seededOrder(rows, t.ids, m.seed, field ? `split:${field}=${key}` : "split");
      let at = 0;
      largestRemainder(ordered.length, weights).forEach((count, s) => {
        ordered.subarray(at, at + count).forEach((i) => {
          splitOf[i] = s;
        });
        at += count;
      });
    }
  }
  return new Map(names.map((name, s) => [name, selected.filter((i) => splitOf[i] === s)]));
}

/** The label of row i for a stratify field (also used by the stats). */
export function labelOf(t: CandidateTable, i: number, field: "source" | "category" | "difficulty"): string {
  if (field === "source") return t.sources[t.source[i]];
  if (field === "category") return t.categories[t.category[i]];
  return t.difficulty[i] === 0 ? NO_LABEL : String(t.difficulty[i]);
}

/** Integer counts summing to n, proportional to weights; leftovers go to the largest fractions. */
export function largestRemainder(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const quotas = weights.map((w) => (n * w) / total);
  const counts = quotas.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byFraction = quotas
    .map((q, k) => ({ k, f: q - Math.floor(q) }))
    .sort((a, b) => b.f - a.f || a.k - b.k);
  for (const { k } of byFraction) {
    if (left <= 0) break;
    counts[k]++;
    left--;
  }
  return counts;
}

/** Rows grouped by label (fresh arrays, rows in id order), groups in sorted label order. */
function groupRows(
  t: CandidateTable,
  rows: Rows,
  field?: "source" | "category" | "difficulty",
): [string, Rows][] {
  if (!field) return [["", rows.slice()]];
  const labels = new Map<string, number>();
  const groupOf = new Uint32Array(rows.length);
  const sizes: number[] = [];
  rows.forEach((i, k) => {
    const key = labelOf(t, i, field);
    let g = labels.get(key);
    if (g === undefined) {
      g = sizes.length;
      labels.set(key, g);
      sizes.push(0);
    }
    groupOf[k] = g;
    sizes[g]++;
  });
  const groups = sizes.map((n) => ({ rows: new Uint32Array(n), filled: 0 }));
  rows.forEach((i, k) => {
    const g = groups[groupOf[k]];
    g.rows[g.filled++] = i;
  });
  return [...labels.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => [key, groups[g].rows]);
}

/** Marks (1 per row index) the rows whose content hash repeats one earlier in `rows` (id order). */
function markDuplicates(t: CandidateTable, rows: Rows): Uint8Array {
  const rank = new Uint32Array(t.size);
  rows.forEach((r, k) => {
    rank[r] = k;
  });
  const { hashHi: hi, hashLo: lo } = t;
  const byHash = rows.slice().sort((a, b) => hi[a] - hi[b] || lo[a] - lo[b] || rank[a] - rank[b]);
  const dropped = new Uint8Array(t.size);
  for (let k = 1; k < byHash.length; k++) {
    const [a, b] = [byHash[k - 1], byHash[k]];
    if (hi[a] === hi[b] && lo[a] === lo[b]) dropped[b] = 1;
  }
  return dropped;
}
