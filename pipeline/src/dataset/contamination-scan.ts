// Contamination figures of a dataset, read from its trace files (contamination.ts compares,
// contamination-read.ts reads): every split other than `train` against `train` (what `dataset build`
// records in the lock and `validate` reports), or every split against another dataset or a JSONL
// file (`tunix-rt dataset contamination <name> --against <dataset|file>`). Only the questions are
// read; items are the build table's rows, marks live in typed arrays (no object per trace), and the
// index holds the smaller side (the eval splits, or the --against items).
//
//   const { figures, leaks } = await measureSplits(root, resolved);   // resolved: resolveDataset(…)
//   const report = await measureDataset(root, "demo", { against: "gsm8k" });
import { TunixError } from "../errors.ts";
import type { LockContamination, SplitContamination } from "../schemas/lock.ts";
import type { CandidateTable } from "./collect.ts";
import { NGRAM_WORDS, OverlapIndex, type OverlapKind, questionWords } from "./contamination.ts";
import { forEachPrompt, readAgainst } from "./contamination-read.ts";
import { type ResolvedDataset, resolveDataset } from "./resolve.ts";

export const REFERENCE_SPLIT = "train";

/** An item of the checked side whose normalised question equals a reference item's. */
export interface Leak {
  split: string;
  id: string;
  file: string;
  line: number;
  /** The first reference item (in file order) with the same question. */
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
  /** Every exact match and the first n-gram matches, for people to look at. */
  examples: { split: string; id: string; otherId: string; kind: OverlapKind }[];
  seconds: number;
}

const EXAMPLES = 20;

/** The lock's figures (other splits vs train) and every exact leak; none without train + another split. */
export async function measureSplits(
  root: string,
  r: ResolvedDataset,
): Promise<{ figures?: LockContamination; leaks: Leak[]; examples: ContaminationReport["examples"] }> {
  const t = r.table;
  const train = r.splits.get(REFERENCE_SPLIT);
  const others = [...r.splits.keys()].filter((s) => s !== REFERENCE_SPLIT).sort();
  if (!train || others.length === 0) return { leaks: [], examples: [] };
  const index = new OverlapIndex(NGRAM_WORDS);
  const words = new Uint16Array(t.size);
  const evalRows = others.flatMap((s) => [...(r.splits.get(s) ?? [])]);
  await forEachPrompt(root, t, evalRows, (row, q) => {
    words[row] = Math.min(65535, index.add(row, q));
  });
  // First train row with the same question / a shared 13-gram, per eval row; train rows per split.
  const exactRef = new Int32Array(t.size).fill(-1);
  const ngramRef = new Int32Array(t.size).fill(-1);
  const splitOf = new Int8Array(t.size).fill(-1);
  others.forEach((s, k) => {
    for (const row of r.splits.get(s) ?? []) splitOf[row] = k;
  });
  const referenceItems = new Array<number>(others.length).fill(0);
  const hitSplits = new Uint8Array(others.length);
  await forEachPrompt(root, t, train, (ref, q) => {
    hitSplits.fill(0);
    index.probe(q, (row, kind) => {
      const marks = kind === "exact" ? exactRef : ngramRef;
      if (marks[row] === -1) marks[row] = ref;
      hitSplits[splitOf[row]] = 1;
    });
    hitSplits.forEach((hit, k) => {
      referenceItems[k] += hit;
    });
  });
  const splits: Record<string, SplitContamination> = {};
  const leaks: Leak[] = [];
  const examples: ContaminationReport["examples"] = [];
  others.forEach((split, k) => {
    const f = emptyFigures();
    for (const row of r.splits.get(split) ?? []) {
      tally(f, words[row], exactRef[row] !== -1, ngramRef[row] !== -1);
      if (exactRef[row] !== -1) {
        const o = exactRef[row];
        leaks.push({ split, ...where(t, row), other: where(t, o) });
        examples.push({ split, id: t.ids.get(row), otherId: t.ids.get(o), kind: "exact" });
      } else if (ngramRef[row] !== -1 && examples.length < EXAMPLES) {
        examples.push({ split, id: t.ids.get(row), otherId: t.ids.get(ngramRef[row]), kind: "ngram" });
      }
    }
    f.referenceItems = referenceItems[k];
    splits[split] = f;
  });
  return { figures: { reference: REFERENCE_SPLIT, ngramWords: NGRAM_WORDS, splits }, leaks, examples };
}

/** `tunix-rt dataset contamination`: other splits vs train, or every split vs `against`. */
export async function measureDataset(
  root: string,
  name: string,
  opts: { against?: string } = {},
): Promise<ContaminationReport> {
  const started = performance.now();
  const r = await resolveDataset(root, name);
  const seconds = () => Math.round(performance.now() - started) / 1000;
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
    const base = { dataset: name, reference: REFERENCE_SPLIT, ngramWords: NGRAM_WORDS, referenceCount };
    return { ...base, splits: m.figures.splits, examples: m.examples, seconds: seconds() };
  }
  const refs = await readAgainst(root, opts.against);
  const index = new OverlapIndex(NGRAM_WORDS);
  refs.forEach((ref, k) => {
    index.add(k, ref.question);
  });
  // Here the dataset's rows are probed against the indexed --against items.
  const t = r.table;
  const names = [...r.splits.keys()].sort();
  const exactRef = new Int32Array(t.size).fill(-1);
  const ngramRef = new Int32Array(t.size).fill(-1);
  const words = new Uint16Array(t.size);
  const refsHit = names.map(() => new Set<number>());
  for (const [k, split] of names.entries()) {
    await forEachPrompt(root, t, r.splits.get(split) ?? [], (row, q) => {
      words[row] = Math.min(65535, questionWords(q).length);
      index.probe(q, (ref, kind) => {
        const marks = kind === "exact" ? exactRef : ngramRef;
        if (marks[row] === -1) marks[row] = ref;
        refsHit[k].add(ref);
      });
    });
  }
  const splits: Record<string, SplitContamination> = {};
  const examples: ContaminationReport["examples"] = [];
  names.forEach((split, k) => {
    const f = emptyFigures();
    for (const row of r.splits.get(split) ?? []) {
      tally(f, words[row], exactRef[row] !== -1, ngramRef[row] !== -1);
      const kind = exactRef[row] !== -1 ? "exact" : ngramRef[row] !== -1 ? "ngram" : undefined;
      if (kind && (kind === "exact" || examples.length < EXAMPLES)) {
        const ref = kind === "exact" ? exactRef[row] : ngramRef[row];
        examples.push({ split, id: t.ids.get(row), otherId: refs[ref].id, kind });
      }
    }
    f.referenceItems = refsHit[k].size;
    splits[split] = f;
  });
  const base = {
    dataset: name,
    reference: opts.against,
    ngramWords: NGRAM_WORDS,
    referenceCount: refs.length,
  };
  return { ...base, splits, examples, seconds: seconds() };
}

function where(t: CandidateTable, row: number): { id: string; file: string; line: number } {
  return { id: t.ids.get(row), file: t.files[t.fileIdx[row]], line: t.line[row] };
}

function emptyFigures(): SplitContamination {
  return { items: 0, exact: 0, ngram: 0, any: 0, short: 0, referenceItems: 0 };
}

function tally(f: SplitContamination, words: number, exact: boolean, ngram: boolean): void {
  f.items++;
  if (exact) f.exact++;
  if (ngram) f.ngram++;
  if (exact || ngram) f.any++;
  if (words < NGRAM_WORDS) f.short++;
}
