// Review files in run folders: `review init` writes a stratified, seeded sample of unrated rows;
// validate reports a malformed review line at file:line; the run's summary gains the human-review
// section from the fixture file; committed run folders hold no made-up ratings.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeRepo, removeRepos, writeFiles } from "../dataset/test-kit.ts";
import { formatProblem } from "../errors.ts";
import { reviewRows } from "../report/review-view.ts";
import { writeTestRun } from "../report/test-runs.ts";
import { validateRepo } from "../validate/validate.ts";
import { summarizeRunFolder } from "./judge-stage.ts";
import { allocate, initReview, readRunReviews } from "./review.ts";

afterAll(removeRepos);

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const FIXTURE = readFileSync(path.join(REPO, "pipeline/src/report/fixtures/review.fixture.jsonl"), "utf8");
/** The fixture assumes items 0–9 right and 10–19 wrong. */
const CORRECT = Array.from({ length: 20 }, (_, i) => i < 10);

describe("review init", () => {
  it("samples every stratum in proportion, seeded, with every rating null", () => {
    const root = makeRepo({});
    writeTestRun(root, { id: "r-1", correct: CORRECT });
    const a = initReview(root, "r-1", { sample: 6, seed: 3, reviewer: "ana" });
    expect(a.file).toBe("runs/r-1/reviews/ana.jsonl");
    expect(a.judges).toEqual(["answer-correctness@1"]);
    expect(Object.values(a.strata).map((s) => s.sampled)).toEqual([3, 3]);
    expect(Object.keys(a.strata)).toEqual([
      expect.stringContaining("answer-correctness@1 right"),
      expect.stringContaining("answer-correctness@1 wrong"),
    ]);
    const text = readFileSync(path.join(root, a.file), "utf8");
    expect(text.trim().split("\n")).toHaveLength(6);
    expect(JSON.parse(text.split("\n")[0])).toMatchObject({
      verdicts: { "answer-correctness@1": null },
      scores: { reasoning: null, clarity: null },
    });
    const again = initReview(root, "r-1", { sample: 6, seed: 3, reviewer: "ben" });
    expect(readFileSync(path.join(root, again.file), "utf8")).toBe(text);
    const other = initReview(root, "r-1", { sample: 6, seed: 4, reviewer: "cy" });
    expect(other.items.map((i) => i.id)).not.toEqual(a.items.map((i) => i.id));
    expect(() => initReview(root, "r-1", { sample: 6, seed: 3, reviewer: "ana" })).toThrow(/exists already/);
    // Unrated rows are valid files and add nothing to the summary.
    expect(readRunReviews(root, "runs/r-1").map((f) => f.reviewer)).toEqual(["ana", "ben", "cy"]);
    expect(summarizeRunFolder({ root, runDir: "runs/r-1" }).humanReview).toBeUndefined();
  });

  it("allocates by largest remainder, at least one per group when the sample allows", () => {
    expect(allocate([10, 10], 6)).toEqual([3, 3]);
    expect(allocate([90, 9, 1], 10)).toEqual([8, 1, 1]);
    expect(allocate([5, 0, 5], 3)).toEqual([2, 0, 1]);
    expect(allocate([3, 3], 100)).toEqual([3, 3]);
  });
});

describe("review files in a run folder", () => {
  it("add the human-review section to the run's summary", () => {
    const root = makeRepo({});
    writeTestRun(root, { id: "r-2", correct: CORRECT });
    writeFiles(root, { "runs/r-2/reviews/fixture.jsonl": FIXTURE });
    const summary = summarizeRunFolder({ root, runDir: "runs/r-2" });
    expect(summary.humanReview).toMatchObject({
      reviewers: ["fixture"],
      items: 20,
      fixtures: 20,
      agreement: { "answer-correctness@1": { kappa: { n: 20, agree: 0.85, kappa: 0.7 } } },
      scores: { reasoning: { n: 20, mean: 2.5 } },
    });
    const written = JSON.parse(readFileSync(path.join(root, "runs/r-2/eval_summary.json"), "utf8"));
    expect(written.humanReview.agreement["answer-correctness@1"].kappa.kappa).toBe(0.7);
    // The run page's rows: the three disagreements first (items 8, 9: judge right, person wrong; 10).
    const verdicts = readJsonlRows(path.join(root, "runs/r-2/verdicts.jsonl"));
    const rows = reviewRows(readRunReviews(root, "runs/r-2"), verdicts);
    expect(rows.slice(0, 4).map((r) => [r.id, r.disagrees])).toEqual([
      ["item-8", true],
      ["item-9", true],
      ["item-10", true],
      ["item-0", false],
    ]);
    expect(rows[0].verdicts["answer-correctness@1"]).toEqual({ human: false, judge: true });
  });

  it("are checked line by line: validate names file:line; the reader refuses unknown and repeated items", async () => {
    const root = makeRepo({});
    writeTestRun(root, { id: "r-3", correct: CORRECT });
    const lines = FIXTURE.trim().split("\n");
    lines[2] = lines[2].replace('"reasoning":4', '"reasoning":7');
    lines[4] = "{not json";
    writeFiles(root, {
      "runs/r-3/reviews/fixture.jsonl": `${lines.join("\n")}\n`,
      "runs/r-3/reviews/Bad Name.jsonl": "",
    });
    const report = await validateRepo(root);
    const shown = report.problems.filter((p) => p.file?.includes("/reviews/")).map((p) => formatProblem(p));
    expect(shown).toEqual([
      expect.stringMatching(
        /^runs\/r-3\/reviews\/Bad Name\.jsonl: expected one of .*runs\/<id>\/reviews\/<reviewer>\.jsonl/,
      ),
      expect.stringMatching(
        /^runs\/r-3\/reviews\/fixture\.jsonl:3: scores\.reasoning: expected .*5, found 7$/,
      ),
      expect.stringMatching(/^runs\/r-3\/reviews\/fixture\.jsonl:5: invalid JSON/),
    ]);
    rmSync(path.join(root, "runs/r-3/reviews/Bad Name.jsonl"));
    writeFiles(root, {
      "runs/r-3/reviews/fixture.jsonl": `${FIXTURE}${FIXTURE.split("\n")[0]}\n{"schemaVersion":1,"id":"item-99","fixture":true}\n`,
    });
    expect(() => readRunReviews(root, "runs/r-3", new Set(CORRECT.map((_, i) => `item-${i}`)))).toThrow(
      /fixture\.jsonl:21: id: rated twice \(also line 1\)[\s\S]*fixture\.jsonl:22: id: expected an item of runs\/r-3\/predictions\.jsonl, found "item-99"/,
    );
  });
});

function readJsonlRows(file: string) {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("the repository's committed reviews", () => {
  it("hold no made-up ratings (no row marked fixture)", () => {
    const runs = path.join(REPO, "runs");
    for (const run of readdirSync(runs, { withFileTypes: true })) {
      const dir = path.join(runs, run.name, "reviews");
      let files: string[] = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
      } catch {
        continue; // no reviews in this run
      }
      for (const f of files)
        expect(readFileSync(path.join(dir, f), "utf8")).not.toMatch(/"fixture"\s*:\s*true/);
    }
  });
});
