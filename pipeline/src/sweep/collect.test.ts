// The sweep result and what reads it, on one real two-trial sweep in a temporary repository: collect
// writes the same bytes twice; `validate` and the runs reader accept runs/sweeps/; the best config is
// the base file with the best values set (comments kept) and loads as a run config; the site view
// keeps the result's order and notices a changed sweep; imported artifacts replace run folders only
// after they validate; ties break by eval loss, then trial id.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, makeTinyRepo, TINY_CONFIG, writeRepoFile } from "../../../tests/e2e/tiny-repo.ts";
import { writeDatasetLock } from "../dataset/build.ts";
import { listRunIds } from "../report/runs-reader.ts";
import { loadRunConfig } from "../run/config-load.ts";
import type { SweepTrialResult } from "../schemas/sweep.ts";
import { validateRepo } from "../validate/validate.ts";
import { bestConfigFile, writeBestConfig } from "./best-config.ts";
import { collectSweep, compareTrials, writeSweepResult } from "./collect.ts";
import { importRunFolders } from "./import.ts";
import { loadSweep } from "./load.ts";
import { sweepResultView } from "./result-view.ts";
import { runSweep } from "./runner.ts";

let root: string;
let result: Awaited<ReturnType<typeof runSweep>>["result"];
beforeAll(async () => {
  root = makeTinyRepo({ traces: 24 });
  await writeDatasetLock(root, DATASET);
  // A comment in the base config, to see that the best config keeps it.
  const base = readFileSync(path.join(root, TINY_CONFIG), "utf8");
  writeRepoFile(
    root,
    TINY_CONFIG,
    `# the tiny config\n${base.replace("training:", "# training settings\ntraining:")}`,
  );
  writeRepoFile(
    root,
    "configs/sweeps/pair.yaml",
    [
      "schemaVersion: 1",
      "name: pair",
      `base: ${TINY_CONFIG}`,
      "metric: eval-loss",
      "space:",
      "  training.lr: { grid: [0.002, 0.01] }",
      "",
    ].join("\n"),
  );
  result = (await runSweep({ root, ref: "pair", parallel: 2 })).result;
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("sweep collect", () => {
  it("writes the same bytes from the same run folders", () => {
    const file = path.join(root, "runs/sweeps/pair.json");
    const first = readFileSync(file);
    writeSweepResult(root, collectSweep(root, "pair"));
    expect(readFileSync(file).equals(first)).toBe(true);
    expect(result.trials.map((t) => t.status)).toEqual(["completed", "completed"]);
  });

  it("is understood by validate and the runs reader (runs/sweeps/ is not a run)", async () => {
    expect(listRunIds(root)).toEqual(result.trials.map((t) => t.run).sort());
    const report = await validateRepo(root);
    expect(report.problems).toEqual([]);
    writeFileSync(path.join(root, "runs/sweeps/bad.json"), "{}\n");
    const bad = await validateRepo(root, { paths: ["runs/sweeps"], cwd: root });
    expect(bad.problems.map((p) => p.file)).toContain("runs/sweeps/bad.json");
    rmSync(path.join(root, "runs/sweeps/bad.json"));
  });

  it("writes the best config: the base file with the best values, its comments kept", () => {
    const rel = writeBestConfig(root, result);
    expect(rel).toBe(bestConfigFile("pair"));
    const text = readFileSync(path.join(root, rel), "utf8");
    expect(text).toContain("# training settings");
    expect(text).toContain(`# Best trial ${result.best!.trial} of sweep pair`);
    const best = result.trials.find((t) => t.id === result.best!.trial)!;
    const loaded = loadRunConfig(root, rel);
    expect(loaded.config.training.lr).toBe(best.params["training.lr"]);
    expect(loaded.name).toBe("pair-best");
    expect(loaded.config.tags).not.toContain("sweep:pair");
  });

  it("gives the site the result's order, and notices a sweep changed after collecting", () => {
    const { sweep } = loadSweep(root, "pair");
    const v = sweepResultView(sweep, result);
    expect(v.rows.map((t) => t.rank)).toEqual([1, 2]);
    expect(v.rows[0].id).toBe(result.best!.trial);
    expect(v.stale).toBe(false);
    expect(sweepResultView({ ...sweep, trials: 9 }, result).stale).toBe(true);
  });

  it("imports downloaded run folders by their run.json id, refusing an invalid one by file", async () => {
    const downloads = path.join(root, "..", `${path.basename(root)}-downloads`);
    for (const t of result.trials)
      cpSync(path.join(root, "runs", t.run), path.join(downloads, `run-${t.run}`), { recursive: true });
    const before = readFileSync(path.join(root, "runs", result.trials[0].run, "metrics.jsonl"));
    rmSync(path.join(root, "runs", result.trials[0].run), { recursive: true });
    expect(await importRunFolders(root, downloads)).toEqual(result.trials.map((t) => t.run).sort());
    expect(readFileSync(path.join(root, "runs", result.trials[0].run, "metrics.jsonl")).equals(before)).toBe(
      true,
    );

    mkdirSync(path.join(downloads, "zz"), { recursive: true });
    cpSync(path.join(downloads, `run-${result.trials[1].run}`), path.join(downloads, "zz"), {
      recursive: true,
    });
    writeFileSync(path.join(downloads, "zz", "metrics.jsonl"), '{"schemaVersion":1,"kind":"train"}\n');
    await expect(importRunFolders(root, downloads)).rejects.toThrow(/metrics\.jsonl/);
    expect(
      readFileSync(path.join(root, "runs", result.trials[1].run, "metrics.jsonl"), "utf8"),
    ).not.toContain('"kind":"train"}');
    rmSync(downloads, { recursive: true, force: true });
  });
});

describe("compareTrials", () => {
  const t = (id: string, score: number | null, evalLoss: number | null): SweepTrialResult => ({
    id,
    run: id,
    params: {},
    status: "completed",
    score,
    ci95: null,
    evalLoss,
    steps: 1,
    rungs: [],
    rank: null,
  });
  it("ranks by the metric in the mode, then lower eval loss, then trial id", () => {
    const trials = [t("t003", 0.5, 2), t("t001", 0.5, 2), t("t002", 0.5, 1.5), t("t000", 0.4, 1)];
    expect([...trials].sort((a, b) => compareTrials(a, b, "max")).map((x) => x.id)).toEqual([
      "t002",
      "t001",
      "t003",
      "t000",
    ]);
    expect([...trials].sort((a, b) => compareTrials(a, b, "min")).map((x) => x.id)).toEqual([
      "t000",
      "t002",
      "t001",
      "t003",
    ]);
  });
});
