// Judges that report coverage (step-arithmetic@2), end to end through real verdicts, summaries,
// leaderboard rows and the CLI: a model that writes nothing scored 100% under step-arithmetic@1 and
// topped its leaderboard; under @2 it has no scored item (n = 0, coverage 0%) and ranks last. The
// committed demo run, judged with @1, still summarizes to the bytes of its committed summary.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { leaderboardCommand } from "../cli/leaderboard.ts";
import { stableStringify } from "../io/json.ts";
import { EvalSummary } from "../schemas/summary.ts";
import { judgingOf, leaderboardRows } from "./leaderboard.ts";
import { readRunFolder, readRunFolders } from "./runs-reader.ts";
import { summarizeRun } from "./summary.ts";
import { writeTestRun } from "./test-runs.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const JUDGES = ["step-arithmetic@1", "step-arithmetic@2"];

function repoWithTwoModels(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-coverage-"));
  // "silent" writes nothing at all; "worker" shows its calculations, one of them wrong.
  writeTestRun(root, {
    id: "silent",
    correct: [false, false, false, false],
    outputs: ["", "", "", ""],
    judges: JUDGES,
  });
  writeTestRun(root, {
    id: "worker",
    correct: [true, true, true, false],
    outputs: ["1. 2 + 2 = 4\nAnswer: 4", "1. 3 * 3 = 9\nAnswer: 9", "Answer: 5", "1. 7 - 2 = 6\nAnswer: 6"],
    judges: JUDGES,
  });
  return root;
}

describe("coverage of step-arithmetic@2", () => {
  it("summarizes not-applicable items as coverage, outside the score and its n", () => {
    const root = repoWithTwoModels();
    const silent = readRunFolder(root, "silent").summary!;
    const worker = readRunFolder(root, "worker").summary!;
    expect(silent.judges["step-arithmetic@1"]).toMatchObject({ score: 1, n: 4, correct: 4 });
    expect(silent.judges["step-arithmetic@1"].coverage).toBeUndefined();
    expect(silent.judges["step-arithmetic@2"]).toMatchObject({
      score: 0,
      n: 0,
      notApplicable: 4,
      coverage: 0,
    });
    expect(worker.judges["step-arithmetic@2"]).toMatchObject({
      score: 0.666667,
      n: 3,
      correct: 2,
      notApplicable: 1,
      coverage: 0.75,
    });
    expect(worker.judges["step-arithmetic@2"].ci95.wilson[1]).toBeLessThan(1);
    for (const s of [silent, worker]) expect(EvalSummary.parse(s)).toEqual(s);
  });

  it("keeps a model that writes nothing off the top of the leaderboard", () => {
    const rows = leaderboardRows(readRunFolders(repoWithTwoModels(), { items: false }).map(judgingOf));
    const ranked = (judge: string) => rows.filter((r) => r.judge === judge).map((r) => r.run);
    expect(ranked("step-arithmetic@1")).toEqual(["silent", "worker"]); // what @1 did
    expect(ranked("step-arithmetic@2")).toEqual(["worker", "silent"]);
    expect(rows.find((r) => r.run === "silent" && r.judge === "step-arithmetic@2")).toMatchObject({
      n: 0,
      coverage: 0,
    });
  });

  it("the CLI ranks by answer-correctness by default, shows coverage, and n/a for a score over no item", async () => {
    const root = repoWithTwoModels();
    const run = async (opts: Record<string, string>) => {
      const lines: string[] = [];
      await leaderboardCommand.run({
        args: [],
        opts,
        root,
        tty: false,
        out: (l) => lines.push(l),
        err: () => {},
      });
      return lines;
    };
    const plain = await run({ sort: "score" });
    expect(plain[0]).not.toContain("coverage");
    expect(plain.slice(1).map((l) => l.split(/\s+/)[2])).toEqual([
      "answer-correctness@1",
      "answer-correctness@1",
    ]);
    expect(plain[1]).toMatch(/^worker /);
    const v2 = await run({ sort: "score", judge: "step-arithmetic@2" });
    expect(v2[0]).toMatch(/score\s+95% CI\s+n\s+coverage/);
    expect(v2[1]).toMatch(/^worker .* 66\.7% .* 3\s+75\.0%/);
    expect(v2[2]).toMatch(/^silent .* n\/a\s+0\s+0\.0%/);
    expect((await run({ sort: "score", judge: "all" })).length).toBe(1 + 2 * 3);
  });

  it("leaves @1 summaries as they were: the committed demo run re-summarizes to its committed bytes", () => {
    const run = readRunFolder(REPO, "demo-b0541e87");
    expect(Object.keys(run.summary!.judges)).toContain("step-arithmetic@1");
    const again = summarizeRun(run.predictions, run.verdicts, {
      run: run.summary!.run,
      dataset: run.summary!.dataset,
      split: run.summary!.split,
    });
    const committed = readFileSync(path.join(REPO, "runs/demo-b0541e87/eval_summary.json"), "utf8");
    expect(`${stableStringify(again, 2)}\n`).toBe(committed);
  });
});
