// Promotion on committed runs of this repository (the demo run, 68.1% answer-correctness, and two
// smoke sweep trials, 0%), copied into a temporary repository: promote makes the demo run the
// baseline, and `regress` on a smoke run then exits 1 (it exited 0 before); models.yaml gets
// versions with stages, production archives the previous one; comments of both files stay; a stale
// summary and judges unlike the baseline's are refused; the leaderboards mark promoted runs.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../../tests/e2e/tiny-repo.ts";
import { TunixError } from "../errors.ts";
import { judgingOf, leaderboardRows } from "../report/leaderboard.ts";
import { markPromoted, promotionsOf, readModelRegistry } from "../report/promotions.ts";
import { readRunFolders } from "../report/runs-reader.ts";
import { promoteRun } from "./promote.ts";

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const DEMO = "demo-b0541e87";
const [SMOKE_A, SMOKE_B] = ["smoke-lr-t004-f41ecdae", "smoke-lr-t005-0ac1bd30"];
const NOW = new Date("2026-12-01T12:00:00Z");

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "tunix-promote-"));
  for (const f of [
    "datasets/demo.yaml",
    "datasets/demo.lock.json",
    "configs/runs/demo.yaml",
    "configs/runs/tiny.yaml",
  ]) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    cpSync(path.join(PROJECT, f), path.join(root, f));
  }
  for (const id of [DEMO, SMOKE_A, SMOKE_B])
    cpSync(path.join(PROJECT, "runs", id), path.join(root, "runs", id), { recursive: true });
  writeFileSync(
    path.join(root, "configs/baselines.yaml"),
    "# Our baselines.\nschemaVersion: 1\n# none yet\nbaselines: []\n",
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const errorOf = (fn: () => unknown): TunixError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TunixError) return e;
    throw e;
  }
  throw new Error("expected a TunixError");
};

describe("tunix-rt promote", () => {
  it("makes the run the baseline: regress on a worse run then exits 1", () => {
    expect(runCli(root, ["regress", `runs/${SMOKE_B}`]).code).toBe(0); // no baseline yet
    const r = runCli(root, ["promote", DEMO, "--name", "demo-gpt", "--stage", "production", "--baseline"]);
    expect(r.code, r.stderr).toBe(0);
    const baselines = readFileSync(path.join(root, "configs/baselines.yaml"), "utf8");
    expect(baselines).toContain("# Our baselines.");
    expect(baselines).toContain("# none yet");
    expect(parse(baselines).baselines).toEqual([
      { name: "demo-gpt", run: DEMO, metric: "answer-correctness@1", direction: "higher", tolerance: 0.02 },
    ]);
    const regress = runCli(root, ["regress", `runs/${SMOKE_B}`]);
    expect(regress.code).toBe(1);
    expect(regress.stdout).toContain("demo-gpt");
    expect(regress.stdout).toContain("**regressed**");
  }, 60_000);

  it("numbers versions; production archives the earlier production version; comments stay", () => {
    const a = promoteRun(root, SMOKE_A, { name: "smoke", stage: "candidate", now: NOW });
    const b = promoteRun(root, SMOKE_B, { name: "smoke", stage: "production", now: NOW });
    const c = promoteRun(root, SMOKE_A, { name: "smoke", stage: "production", now: NOW });
    expect([a.version, b.version, c.version]).toEqual([1, 2, 1]);
    expect(c.archived).toEqual([2]);
    const text = readFileSync(path.join(root, "configs/models.yaml"), "utf8");
    expect(text).toContain("# Promoted models");
    expect(text).toMatch(/ci95: \[0\.\d+, 0\.\d+\]/);
    const smoke = readModelRegistry(root).models.find((m) => m.name === "smoke")!;
    expect(smoke.versions.map((v) => [v.version, v.run, v.stage])).toEqual([
      [1, SMOKE_A, "production"],
      [2, SMOKE_B, "archived"],
    ]);
    expect(smoke.versions[0]).toMatchObject({ date: NOW.toISOString(), dataset: "demo/eval" });
    expect(smoke.versions[0].scores["answer-correctness@1"]).toMatchObject({ score: 0, n: 40 });
    expect(smoke.versions[0].commit).toMatch(/^[0-9a-f]{40}$/);
    expect(runCli(root, ["validate", "configs/models.yaml", "configs/baselines.yaml"]).code).toBe(0);
  }, 60_000);

  it("refuses a stale summary and judges that differ from the baseline's", () => {
    // The smoke runs were judged with step-arithmetic@2, the demo baseline with @1.
    const judges = errorOf(() => promoteRun(root, SMOKE_A, { name: "demo-gpt", stage: "candidate" }));
    expect(judges.message).toContain(
      `runs/${SMOKE_A}/eval_summary.json: judges: the judges differ from those of the baseline's run ${DEMO}: expected answer-correctness@1, format@1, step-arithmetic@1, found answer-correctness@1, format@1, step-arithmetic@2`,
    );
    const file = path.join(root, "runs", SMOKE_B, "eval_summary.json");
    const summary = readFileSync(file, "utf8");
    writeFileSync(file, summary.replace(/"meanOutputTokens": [\d.]+/, '"meanOutputTokens": 1'));
    const before = readFileSync(path.join(root, "configs/models.yaml"), "utf8");
    const stale = errorOf(() => promoteRun(root, SMOKE_B, { name: "other", stage: "candidate" }));
    expect(stale.code).toBe("E_STALE");
    expect(stale.message).toContain(`runs/${SMOKE_B}/eval_summary.json: stale`);
    writeFileSync(file, summary);
    expect(readFileSync(path.join(root, "configs/models.yaml"), "utf8")).toBe(before); // nothing written
  });

  it("marks promoted runs on the leaderboard (tags and labels), archived versions aside", () => {
    const rows = markPromoted(
      leaderboardRows(readRunFolders(root, { items: false }).map(judgingOf)),
      promotionsOf(readModelRegistry(root)),
    );
    const of = (run: string) => rows.find((r) => r.run === run && r.judge === "answer-correctness@1")!;
    expect(of(DEMO).promoted).toEqual(["demo-gpt v1 (production)"]);
    expect(of(DEMO).tags).toEqual(expect.arrayContaining(["promoted:production", "model:demo-gpt"]));
    expect(of(SMOKE_A).promoted).toEqual(["smoke v1 (production)"]);
    expect(of(SMOKE_B).promoted).toBeUndefined();
    const cli = runCli(root, ["leaderboard"]);
    expect(cli.stdout).toContain(`${DEMO} ★ demo-gpt v1 (production)`);
  }, 60_000);
});
