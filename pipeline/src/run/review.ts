// Human review files of a run folder: `runs/<id>/reviews/<reviewer>.jsonl` (schemas/review.ts).
//   readRunReviews(root, runDir, itemIds)   every reviewer's rows, each line checked against the
//                                           schema and against the run's items (file:line errors)
//   initReview(root, runId, { sample, seed, reviewer })  writes `<reviewer>.jsonl` holding a
//                                           stratified sample of the run's items, every rating null,
//                                           for a person to fill in and add through a pull request
// Strata: the item's category × the first judge's verdict (right / wrong), so a small sample still
// holds wrong answers; allocation is proportional (largest remainder, at least one per stratum when
// the sample allows); the order inside a stratum is a seeded shuffle. Same run + seed → same file.
import path from "node:path";
import { type Problem, TunixError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { outputPathInRepo } from "../io/confine.ts";
import { fileExists, readText } from "../io/files.ts";
import { stableStringify } from "../io/json.ts";
import { readJsonlFile } from "../io/jsonl-file.ts";
import { issuesToProblems } from "../io/read.ts";
import { globFiles, relPath } from "../io/repo.ts";
import { createRng, deriveSeed } from "../random.ts";
import type { ReviewerFile } from "../report/review-stats.ts";
import { REVIEWER, ReviewRow } from "../schemas/review.ts";
import { PredictionRow, VerdictRow } from "../schemas/rows.ts";

export const REVIEWS_DIR = "reviews";
/** The rubric criteria `review init` asks for unless told otherwise. */
export const DEFAULT_CRITERIA = Object.freeze(["reasoning", "clarity"]);

export function readRunReviews(root: string, runDir: string, itemIds?: ReadonlySet<string>): ReviewerFile[] {
  const rel = relPath(root, path.resolve(root, runDir));
  const files = globFiles(root, [`${rel}/${REVIEWS_DIR}/*.jsonl`]);
  const problems: Problem[] = [];
  const out: ReviewerFile[] = [];
  for (const file of files) {
    const rows: ReviewRow[] = [];
    const seen = new Map<string, number>();
    readText(path.join(root, file), file)
      .split("\n")
      .forEach((text, i) => {
        if (text.trim() === "") return;
        const line = i + 1;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (e) {
          problems.push({ file, line, message: `invalid JSON: ${(e as Error).message}` });
          return;
        }
        const parsed = ReviewRow.safeParse(value);
        if (!parsed.success) {
          problems.push(...issuesToProblems(parsed.error.issues, file, value, undefined, line));
          return;
        }
        const row = parsed.data;
        if (itemIds && !itemIds.has(row.id)) {
          problems.push({
            file,
            line,
            field: "id",
            expected: `an item of ${rel}/predictions.jsonl`,
            found: JSON.stringify(row.id),
          });
        } else if (seen.has(row.id)) {
          problems.push({
            file,
            line,
            field: "id",
            message: `rated twice (also line ${seen.get(row.id)})`,
            hint: "keep one row per item",
          });
        } else {
          seen.set(row.id, line);
          rows.push(row);
        }
      });
    out.push({ reviewer: path.posix.basename(file, ".jsonl"), rows });
  }
  if (problems.length) throw new TunixError("E_SCHEMA", problems);
  return out;
}

export interface InitReviewOptions {
  /** Items to sample. */
  sample: number;
  seed: number;
  /** The file's name under reviews/ (lower case); default `reviewer`. */
  reviewer?: string;
  /** Rubric criteria to score 1–5; default DEFAULT_CRITERIA. */
  criteria?: readonly string[];
}

export interface InitReviewReport {
  /** Repository-relative file written. */
  file: string;
  judges: string[];
  criteria: string[];
  /** Stratum → items sampled / items in the run. */
  strata: Record<string, { sampled: number; items: number }>;
  /** Sampled items with their line in predictions.jsonl. */
  items: { id: string; stratum: string; line: number }[];
}

export function initReview(root: string, runId: string, opts: InitReviewOptions): InitReviewReport {
  const reviewer = opts.reviewer ?? "reviewer";
  if (!REVIEWER.test(reviewer)) {
    throw new TunixError("E_USAGE", {
      field: "--reviewer",
      expected: `a name matching ${REVIEWER}`,
      found: JSON.stringify(reviewer),
    });
  }
  if (!Number.isInteger(opts.sample) || opts.sample < 1) {
    throw new TunixError("E_USAGE", {
      field: "--sample",
      expected: "a whole number ≥ 1",
      found: String(opts.sample),
    });
  }
  const runRel = `runs/${runId}`;
  const file = `${runRel}/${REVIEWS_DIR}/${reviewer}.jsonl`;
  if (fileExists(path.join(root, file))) {
    throw new TunixError("E_STATE", {
      file,
      message: "exists already",
      hint: "choose another --reviewer, or edit that file",
    });
  }
  const predictions = readJsonlFile(
    path.join(root, runRel, "predictions.jsonl"),
    PredictionRow,
    `${runRel}/predictions.jsonl`,
  );
  const verdicts = readJsonlFile(
    path.join(root, runRel, "verdicts.jsonl"),
    VerdictRow,
    `${runRel}/verdicts.jsonl`,
  );
  const judges = [...new Set(verdicts.map((v) => v.judge))];
  const first = judges[0];
  const right = new Map(verdicts.filter((v) => v.judge === first).map((v) => [v.id, v.correct]));
  const groups = new Map<string, { id: string; line: number }[]>();
  predictions.forEach((p, k) => {
    const verdict = right.get(p.id);
    const stratum = `${p.category ?? "(none)"} · ${first ?? "unjudged"} ${verdict === undefined ? "n/a" : verdict ? "right" : "wrong"}`;
    const list = groups.get(stratum) ?? [];
    list.push({ id: p.id, line: k + 1 });
    groups.set(stratum, list);
  });
  const names = [...groups.keys()].sort();
  const quota = allocate(
    names.map((n) => groups.get(n)?.length ?? 0),
    Math.min(opts.sample, predictions.length),
  );
  const strata: InitReviewReport["strata"] = {};
  const items: InitReviewReport["items"] = [];
  names.forEach((name, s) => {
    const list = createRng(deriveSeed(opts.seed, "review", name)).shuffle([...(groups.get(name) ?? [])]);
    strata[name] = { sampled: quota[s], items: list.length };
    for (const it of list.slice(0, quota[s])) items.push({ ...it, stratum: name });
  });
  items.sort((a, b) => a.line - b.line);
  const criteria = [...(opts.criteria ?? DEFAULT_CRITERIA)];
  const rows = items.map((it) => ({
    schemaVersion: 1,
    id: it.id,
    verdicts: Object.fromEntries(judges.map((j) => [j, null])),
    scores: Object.fromEntries(criteria.map((c) => [c, null])),
  }));
  for (const row of rows) ReviewRow.parse(row); // a criterion name the schema refuses fails here, before writing
  const target = outputPathInRepo(root, file, { field: "run folder", file: runRel }); // a linked runs/<id> stays inside
  writeFileAtomic(target, rows.map((r) => `${stableStringify(r)}\n`).join(""));
  return { file, judges, criteria, strata, items };
}

/** Proportional allocation of `total` over group sizes (largest remainder; ≥ 1 each when total allows). */
export function allocate(sizes: readonly number[], total: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  if (n === 0 || total <= 0) return sizes.map(() => 0);
  const want = Math.min(total, n);
  const quota = sizes.map((s) => (want * s) / n);
  const least = sizes.map((s) => (s > 0 && want >= sizes.filter((x) => x > 0).length ? 1 : 0));
  const out = quota.map((q, i) => Math.min(sizes[i], Math.max(least[i], Math.floor(q))));
  const pick = (score: (i: number) => number, ok: (i: number) => boolean) => {
    let best = -1;
    for (let i = 0; i < sizes.length; i++) if (ok(i) && (best === -1 || score(i) > score(best))) best = i;
    return best;
  };
  for (let sum = out.reduce((a, b) => a + b, 0); sum > want; sum--)
    out[
      pick(
        (i) => out[i] - quota[i],
        (i) => out[i] > least[i],
      )
    ]--;
  for (let sum = out.reduce((a, b) => a + b, 0); sum < want; sum++)
    out[
      pick(
        (i) => quota[i] - out[i],
        (i) => out[i] < sizes[i],
      )
    ]++;
  return out;
}
