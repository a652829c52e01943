// Contamination figures of a dataset, read from its trace files (contamination.ts does the
// comparing): every split other than `train` against `train` (what `dataset build` records in the
// lock and `validate` reports), or every split against another dataset or a JSONL file
// (`tunix-rt dataset contamination <name> --against <dataset|file>`). Only the questions are read,
// line by line; the index holds the smaller side (the eval splits, or the --against items).
//
//   const { figures, leaks } = await measureSplits(root, resolved);   // resolved: resolveDataset(…)
//   const report = await measureDataset(root, "demo", { against: "gsm8k" });
import path from "node:path";
import { TunixError } from "../errors.ts";
import { fileExists } from "../io/files.ts";
import { readJsonl } from "../io/lines.ts";
import { relPath } from "../io/repo.ts";
import { lineBatches } from "../io/trace-reader.ts";
import type { LockContamination, SplitContamination } from "../schemas/lock.ts";
import type { CandidateTable } from "./collect.ts";
import { NGRAM_WORDS, OverlapIndex, type OverlapKind, questionWords } from "./contamination.ts";
import { listDatasetNames } from "./manifest.ts";
import { type ResolvedDataset, resolveDataset } from "./resolve.ts";

export const REFERENCE_SPLIT = "train";

/** An item of the checked side whose normalised question equals a reference item's. */
export interface Leak {
  split: string;
  id: string;
  file: string;
  line: number;
  /** The first reference item with the same question. */
  other: { id: string; file: string; line: number };
}

export interface ContaminationReport {
  dataset: string;
  /** `train`, or the dataset or file given to --against. */
  reference: string;
  ngramWords: number;
  /** Items on the reference side. */
  referenceCount: number;
  splits: Record<string, SplitContamination>;
  /** Exact matches (all of them) and the first n-gram matches, for people to look at. */
  examples: { split: string; id: string; otherId: string; kind: OverlapKind }[];
  seconds: number;
}

const EXAMPLES = 20;

/** The lock's figures (eval splits vs train) and every exact leak; no figures without train + another split. */
export async function measureSplits(
  root: string,
  r: ResolvedDataset,
): Promise<{ figures?: LockContamination; leaks: Leak[]; examples: ContaminationReport["examples"] }> {
  const train = r.splits.get(REFERENCE_SPLIT);
  const others = [...r.splits.keys()].filter((s) => s !== REFERENCE_SPLIT).sort();
  if (!train || others.length === 0) return { leaks: [], examples: [] };
  const items: Item[] = [];
  for (const split of others)
    for (const row of r.splits.get(split) ?? []) items.push(itemOf(r.table, row, split));
  const index = new OverlapIndex(NGRAM_WORDS);
  await readQuestions(root, r.table, items, (k, q) => {
    items[k].words = index.add(k, q);
  });
  const refs = Array.from(train, (row) => itemOf(r.table, row, REFERENCE_SPLIT));
  const { splits, leaks, examples } = await probeAll(root, r.table, index, items, refs);
  return { figures: { reference: REFERENCE_SPLIT, ngramWords: NGRAM_WORDS, splits }, leaks, examples };
}

/** `tunix-rt dataset contamination`: eval splits vs train, or every split vs `against`. */
export async function measureDataset(
  root: string,
  name: string,
  opts: { against?: string } = {},
): Promise<ContaminationReport> {
  const started = performance.now();
  const r = await resolveDataset(root, name);
  if (opts.against === undefined) {
    const m = await measureSplits(root, r);
    if (!m.figures) {
      throw new TunixError("E_USAGE", {
        field: "splits",
        expected: `a split named ${REFERENCE_SPLIT} and at least one other`,
        found: [...r.splits.keys()].join(", ") || "no splits",
        hint: "or compare with another dataset or file: --against <dataset|file>",
      });
    }
    const referenceCount = r.splits.get(REFERENCE_SPLIT)?.length ?? 0;
    return {
      dataset: name,
      reference: REFERENCE_SPLIT,
      ngramWords: NGRAM_WORDS,
      referenceCount,
      ...finish(m, started),
    };
  }
  const refs = await readAgainst(root, opts.against);
  const index = new OverlapIndex(NGRAM_WORDS);
  refs.forEach((ref, k) => {
    index.add(k, ref.question);
  });
  const items: Item[] = [];
  for (const [split, rows] of [...r.splits].sort((a, b) => a[0].localeCompare(b[0])))
    for (const row of rows) items.push(itemOf(r.table, row, split));
  // Here the dataset's items are probed against the indexed --against items.
  const hits = items.map(() => ({ exact: -1, ngram: -1 }));
  const refHitBySplit = new Map<string, Set<number>>();
  await readQuestions(root, r.table, items, (k, q) => {
    const it = items[k];
    it.words = questionWords(q).length;
    index.probe(q, (ref, kind) => {
      if (hits[k][kind] === -1) hits[k][kind] = ref;
      const set = refHitBySplit.get(it.split) ?? new Set<number>();
      refHitBySplit.set(it.split, set.add(ref));
    });
  });
  const splits: Record<string, SplitContamination> = {};
  const examples: ContaminationReport["examples"] = [];
  items.forEach((it, k) => {
    const f = figuresOf(splits, it.split);
    tally(f, it.words, hits[k].exact !== -1, hits[k].ngram !== -1);
    const kind = hits[k].exact !== -1 ? "exact" : hits[k].ngram !== -1 ? "ngram" : undefined;
    if (kind && (kind === "exact" || examples.length < EXAMPLES))
      examples.push({ split: it.split, id: it.id, otherId: refs[hits[k][kind]].id, kind });
  });
  for (const [split, f] of Object.entries(splits)) f.referenceItems = refHitBySplit.get(split)?.size ?? 0;
  return {
    dataset: name,
    reference: opts.against,
    ngramWords: NGRAM_WORDS,
    referenceCount: refs.length,
    splits,
    examples,
    seconds: round3((performance.now() - started) / 1000),
  };
}

interface Item {
  split: string;
  id: string;
  row: number;
  file: string;
  line: number;
  words: number;
}

function itemOf(t: CandidateTable, row: number, split: string): Item {
  return { split, id: t.ids.get(row), row, file: t.files[t.fileIdx[row]], line: t.line[row], words: 0 };
}

/** Probe every reference item against the index of `items`; figures per split of the items. */
async function probeAll(root: string, t: CandidateTable, index: OverlapIndex, items: Item[], refs: Item[]) {
  const exactRef = new Int32Array(items.length).fill(-1);
  const ngramRef = new Int32Array(items.length).fill(-1);
  const refsBySplit = new Map<string, number>();
  await readQuestions(root, t, refs, (k, q) => {
    const splits = new Set<string>();
    index.probe(q, (item, kind) => {
      const seen = kind === "exact" ? exactRef : ngramRef;
      if (seen[item] === -1) seen[item] = k;
      splits.add(items[item].split);
    });
    for (const s of splits) refsBySplit.set(s, (refsBySplit.get(s) ?? 0) + 1);
  });
  const splits: Record<string, SplitContamination> = {};
  const leaks: Leak[] = [];
  const examples: ContaminationReport["examples"] = [];
  items.forEach((it, k) => {
    const f = figuresOf(splits, it.split);
    tally(f, it.words, exactRef[k] !== -1, ngramRef[k] !== -1);
    if (exactRef[k] !== -1) {
      const o = refs[exactRef[k]];
      leaks.push({
        split: it.split,
        id: it.id,
        file: it.file,
        line: it.line,
        other: { id: o.id, file: o.file, line: o.line },
      });
      examples.push({ split: it.split, id: it.id, otherId: o.id, kind: "exact" });
    } else if (ngramRef[k] !== -1 && examples.length < EXAMPLES) {
      examples.push({ split: it.split, id: it.id, otherId: refs[ngramRef[k]].id, kind: "ngram" });
    }
  });
  for (const [split, f] of Object.entries(splits)) f.referenceItems = refsBySplit.get(split) ?? 0;
  return { splits, leaks, examples };
}

function figuresOf(splits: Record<string, SplitContamination>, split: string): SplitContamination {
  splits[split] ??= { items: 0, exact: 0, ngram: 0, any: 0, short: 0, referenceItems: 0 };
  return splits[split];
}

function tally(f: SplitContamination, words: number, exact: boolean, ngram: boolean): void {
  f.items++;
  if (exact) f.exact++;
  if (ngram) f.ngram++;
  if (exact || ngram) f.any++;
  if (words < NGRAM_WORDS) f.short++;
}

function finish(
  m: { figures?: LockContamination; examples: ContaminationReport["examples"] },
  started: number,
): Pick<ContaminationReport, "splits" | "examples" | "seconds"> {
  return {
    splits: m.figures?.splits ?? {},
    examples: m.examples,
    seconds: round3((performance.now() - started) / 1000),
  };
}

/**
 * Calls `visit(k, prompt)` for each item, reading only their lines (file by file, in line order).
 * The lines were validated by the build that produced the table, so a plain JSON.parse suffices.
 */
async function readQuestions(
  root: string,
  t: CandidateTable,
  items: readonly Item[],
  visit: (k: number, prompt: string) => void,
): Promise<void> {
  const byFile = new Map<number, number[]>();
  items.forEach((it, k) => {
    const f = t.fileIdx[it.row];
    const list = byFile.get(f);
    if (list) list.push(k);
    else byFile.set(f, [k]);
  });
  for (const fileIdx of [...byFile.keys()].sort((a, b) => a - b)) {
    const ks = (byFile.get(fileIdx) ?? []).sort((a, b) => items[a].line - items[b].line);
    let next = 0;
    for await (const batch of lineBatches(path.join(root, t.files[fileIdx]))) {
      const last = batch.firstLine + batch.lines.length;
      while (next < ks.length && items[ks[next]].line < last) {
        const k = ks[next++];
        const text = batch.lines[items[k].line - batch.firstLine];
        visit(k, (JSON.parse(text) as { prompt: string }).prompt);
      }
      if (next === ks.length) break;
    }
    if (next < ks.length) {
      throw new TunixError("E_STALE", {
        file: t.files[fileIdx],
        message: "the file changed while its questions were being read",
        hint: "run the command again",
      });
    }
  }
}

/** The items of another dataset (every split) or of a JSONL file (`prompt` or `question` per row). */
async function readAgainst(root: string, against: string): Promise<{ id: string; question: string }[]> {
  if (listDatasetNames(root).includes(against)) {
    const other = await resolveDataset(root, against);
    const items: Item[] = [];
    for (const [split, rows] of other.splits)
      for (const row of rows) items.push(itemOf(other.table, row, split));
    const out = items.map((it) => ({ id: it.id, question: "" }));
    await readQuestions(root, other.table, items, (k, q) => {
      out[k].question = q;
    });
    return out;
  }
  const file = path.resolve(root, against);
  const shown = relPath(root, file).startsWith("../") ? against : relPath(root, file);
  if (!fileExists(file)) {
    throw new TunixError("E_NOT_FOUND", {
      field: "--against",
      expected: "a dataset name (datasets/<name>.yaml) or a JSONL file",
      found: JSON.stringify(against),
      hint: `datasets: ${listDatasetNames(root).join(", ") || "none"}`,
    });
  }
  const out: { id: string; question: string }[] = [];
  for await (const row of readJsonl(file)) {
    const v = row.value as Record<string, unknown> | undefined;
    const question =
      typeof v?.prompt === "string" ? v.prompt : typeof v?.question === "string" ? v.question : undefined;
    if (row.error !== undefined || question === undefined) {
      throw new TunixError("E_SCHEMA", {
        file: shown,
        line: row.line,
        field: "prompt",
        expected: "a JSON object with a string `prompt` (a trace) or `question`",
        found: row.error ?? JSON.stringify(v).slice(0, 80),
      });
    }
    out.push({ id: typeof v?.id === "string" ? v.id : `${shown}:${row.line}`, question });
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
