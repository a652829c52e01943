import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors.ts";
import { FILE_KINDS } from "../schemas/index.ts";
import { isNotData, KIND_EXAMPLES, listDataFiles } from "./select.ts";
import { makeValidRepo, replaceLine, traceLine, writeRepoFile } from "./test-repo.ts";
import { type ValidateOptions, validateRepo } from "./validate.ts";

/** The problems of a validation as printed lines. */
async function problemLines(root: string, opts: ValidateOptions = {}): Promise<string[]> {
  const report = await validateRepo(root, { cwd: root, ...opts });
  expect(report.ok).toBe(report.problemCount === 0);
  return report.problems.map(formatProblem);
}

it("a valid repository has no problems", async () => {
  const root = await makeValidRepo();
  const report = await validateRepo(root);
  expect(report).toMatchObject({ ok: true, files: 9, traces: 8, problems: [], problemCount: 0 });
});

describe("YAML and JSON files", () => {
  it("point at the line of the bad key", async () => {
    const root = await makeValidRepo();
    writeRepoFile(
      root,
      "configs/runs/tiny.yaml",
      [
        "schemaVersion: 1",
        "dataset:",
        "  name: demo",
        "training:",
        "  steps: 2",
        "  lr: fast",
        "  warmup: 10",
        "judges: [answer-correctness@1]",
        "",
      ].join("\n"),
    );
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "configs/runs/tiny.yaml:6: training.lr: expected number, found "fast"",
        "configs/runs/tiny.yaml:7: training.warmup: expected only known keys, found unknown key "warmup" (remove it or fix its spelling; see the JSON Schema from \`npm run schemas\`)",
      ]
    `);
  });

  it("refuse a model key another family has, an unknown family, and LoRA settings without method: lora", async () => {
    const root = await makeValidRepo();
    writeRepoFile(
      root,
      "configs/runs/tiny.yaml",
      [
        "schemaVersion: 1",
        "model:",
        "  family: gemma3",
        "  weights: google/gemma-3-270m",
        "  layers: 4",
        "dataset:",
        "  name: demo",
        "",
      ].join("\n"),
    );
    writeRepoFile(
      root,
      "configs/runs/other.yaml",
      [
        "schemaVersion: 1",
        "model:",
        "  family: llama",
        "dataset:",
        "  name: demo",
        "training:",
        "  lora: { r: 4 }",
        "",
      ].join("\n"),
    );
    const lines = await problemLines(root);
    expect(lines).toContain(
      'configs/runs/tiny.yaml:5: model.layers: expected only known keys, found unknown key "layers" (remove it or fix its spelling; see the JSON Schema from `npm run schemas`)',
    );
    expect(
      lines.some((l) =>
        /^configs\/runs\/other\.yaml:3: model\.family: expected a family among gpt, gemma3/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => /^configs\/runs\/other\.yaml:7: training\.lora: .*method: lora/.test(l))).toBe(
      true,
    );
  });

  it("report YAML syntax errors with their line", async () => {
    const root = await makeValidRepo();
    writeRepoFile(root, "configs/sweeps/lr.yaml", "schemaVersion: 1\nname: lr\nname: again\nbase: [\n");
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "configs/sweeps/lr.yaml:3: Map keys must be unique (fix the YAML syntax)",
        "configs/sweeps/lr.yaml:4: Flow sequence in block collection must be sufficiently indented and end with a ] (fix the YAML syntax)",
      ]
    `);
  });

  it("point at the line of a bad key in JSON, and of a JSON syntax error", async () => {
    const root = await makeValidRepo();
    const run = JSON.parse(fs.readFileSync(path.join(root, "runs/tiny-1/run.json"), "utf8"));
    writeRepoFile(root, "runs/tiny-1/run.json", JSON.stringify({ ...run, status: "done" }, null, 2));
    writeRepoFile(root, "runs/tiny-1/eval_summary.json", '{\n  "schemaVersion": 1,\n  "run": tiny\n}\n');
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "runs/tiny-1/eval_summary.json:3: invalid JSON: Unexpected token 'i' (fix the JSON syntax)",
        "runs/tiny-1/run.json:74: status: expected one of "pending", "running", "completed", "failed", "interrupted", found "done"",
      ]
    `);
  });

  it("checks JSONL rows of run files line by line", async () => {
    const root = await makeValidRepo();
    writeRepoFile(root, "runs/tiny-1/metrics.jsonl", '{"schemaVersion":1,"kind":"eval"}\n\nnope\n');
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "runs/tiny-1/metrics.jsonl:1: step: expected number, found nothing",
        "runs/tiny-1/metrics.jsonl:1: epoch: expected number, found nothing",
        "runs/tiny-1/metrics.jsonl:1: evalLoss: expected number, found nothing",
        "runs/tiny-1/metrics.jsonl:1: evalTokenAccuracy: expected number, found nothing",
        "runs/tiny-1/metrics.jsonl:1: elapsedS: expected number, found nothing",
        "runs/tiny-1/metrics.jsonl:3: invalid JSON: Unexpected token 'o', "nope" is not valid JSON (each line must be one JSON object)",
      ]
    `);
  });
});

describe("files", () => {
  it("a file under a data folder that matches no kind is a problem; README.md and .gitkeep are not", async () => {
    const root = await makeValidRepo({
      "traces/notes.txt": "hello",
      "traces/.gitkeep": "",
      "runs/.gitkeep": "",
      "datasets/README.md": "Manifests and locks.",
      "datasets/.DS_Store": "x",
      "configs/runs/old.json": "{}",
    });
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "configs/runs/old.json: expected one of configs/runs/<name>.yaml, configs/sweeps/<name>.yaml, configs/baselines.yaml, configs/judge-cases/<name>.jsonl, configs/rubrics/<name>@1.md, configs/models.yaml, found "configs/runs/old.json" (data folders hold only files with a schema, README.md and .gitkeep; rename or move it)",
        "datasets/.DS_Store: expected one of datasets/<name>.yaml, datasets/<name>.lock.json, found "datasets/.DS_Store" (data folders hold only files with a schema, README.md and .gitkeep; rename or move it)",
        "traces/notes.txt: expected one of traces/**/<name>.jsonl, traces/**/<name>.provenance.json, found "traces/notes.txt" (data folders hold only files with a schema, README.md and .gitkeep; rename or move it)",
      ]
    `);
  });

  it("every kind has a naming example for hints, and the example matches its pattern", () => {
    for (const k of FILE_KINDS) {
      const example = KIND_EXAMPLES[k.kind];
      expect(example, k.kind).toBeDefined();
      expect(k.pattern.test(example.replace("**/", "a/").replace(/<\w+>/g, "x")), example).toBe(true);
    }
  });

  it("paths that hold nothing, or lie outside the data folders, are problems", async () => {
    const root = await makeValidRepo();
    expect(
      await problemLines(root, { paths: ["traces/missing.jsonl", "pipeline", "../elsewhere"] }),
    ).toMatchInlineSnapshot(`
      [
        "traces/missing.jsonl: no such file, or a folder without files",
        "pipeline: not a data file or folder (data lives in traces/, datasets/, configs/, runs/)",
        "../elsewhere: outside the repository (give a path inside the repository)",
      ]
    `);
  });

  it("keeps the first maxProblems problems and counts all", async () => {
    const root = await makeValidRepo();
    writeRepoFile(root, "traces/bad.jsonl", "x\n".repeat(50));
    const report = await validateRepo(root, { maxProblems: 3 });
    expect(report.problems.map((p) => p.line)).toEqual([1, 2, 3]);
    expect(report.problemCount).toBe(50);
    expect(report.traces).toBe(58);
  });
});

describe("cross-file checks", () => {
  it("references resolve: datasets, sweep base, baseline runs, run folders", async () => {
    const root = await makeValidRepo({
      "configs/runs/other.yaml": "schemaVersion: 1\ndataset:\n  name: nope\njudges: [format@1, vibes@1]\n",
      "configs/sweeps/lr.yaml": "schemaVersion: 1\nname: lr\nbase: configs/runs/gone.yaml\nspace: {}\n",
      "configs/baselines.yaml":
        "schemaVersion: 1\nbaselines:\n  - name: main\n    run: tiny-1\n  - name: old\n    run: tiny-0\n",
      "runs/tiny-2/metrics.jsonl": "",
    });
    const run = JSON.parse(fs.readFileSync(path.join(root, "runs/tiny-1/run.json"), "utf8"));
    writeRepoFile(
      root,
      "runs/tiny-1/run.json",
      JSON.stringify({ ...run, id: "tiny-9", dataset: { name: "gone", lockHash: "x" } }, null, 2),
    );
    // The list of registered judges grows; it is not what this test is about.
    const lines = (await problemLines(root)).map((l) =>
      l.replace(/registered judge \([^)]*\)/, "registered judge (…)"),
    );
    expect(lines).toMatchInlineSnapshot(`
      [
        "configs/baselines.yaml:6: baselines.1.run: expected a run folder under runs/, found "tiny-0" (runs/tiny-0/ does not exist; fix the run id)",
        "configs/runs/other.yaml:3: dataset.name: expected a dataset with a manifest in datasets/, found "nope" (datasets/nope.yaml does not exist; fix the name or add the manifest)",
        "configs/runs/other.yaml:4: judges.1: expected a registered judge (…), found "vibes@1" (fix the name or version)",
        "configs/sweeps/lr.yaml:3: base: expected an existing run config (configs/runs/<name>.yaml), found "configs/runs/gone.yaml" (the path is relative to the repository root)",
        "runs/tiny-1/run.json:3: id: expected "tiny-1" (the folder name), found "tiny-9" (a run's id is the name of its folder)",
        "runs/tiny-1/run.json:70: dataset.name: expected a dataset with a manifest in datasets/, found "gone" (datasets/gone.yaml does not exist; fix the name or add the manifest)",
        "runs/tiny-2/run.json: missing: runs/tiny-2/ holds run files but no run.json (restore run.json or remove the folder)",
      ]
    `);
  });

  it("a dataset manifest's name is its file name; manifests have locks and locks have manifests", async () => {
    const root = await makeValidRepo({
      "datasets/extra.yaml": "schemaVersion: 1\nname: other\nsources: [traces/a.jsonl]\n",
      "datasets/more.yaml": "schemaVersion: 1\nname: more\nsources: [traces/a.jsonl]\n",
    });
    fs.copyFileSync(path.join(root, "datasets/demo.lock.json"), path.join(root, "datasets/orphan.lock.json"));
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "datasets/extra.yaml:2: name: expected "extra" (the file name), found "other" (rename the file or set name: extra)",
        "datasets/extra.yaml: dataset extra has no lock datasets/extra.lock.json (run: tunix-rt dataset build extra)",
        "datasets/more.yaml: dataset more has no lock datasets/more.lock.json (run: tunix-rt dataset build more)",
        "datasets/orphan.lock.json: a lock without a manifest: datasets/orphan.yaml does not exist (delete datasets/orphan.lock.json or restore the manifest)",
      ]
    `);
  });

  it("a lock is stale when a trace it holds changes", async () => {
    const root = await makeValidRepo();
    replaceLine(root, "traces/a.jsonl", 2, traceLine(2, { answer: "five" }));
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "datasets/demo.lock.json: dataset demo: lock is stale: train: 1 changed (first: t-2) (run: tunix-rt dataset build demo)",
      ]
    `);
    const onlyLock = await problemLines(root, { paths: ["datasets/demo.lock.json"] });
    expect(onlyLock).toEqual([
      "datasets/demo.lock.json: dataset demo: lock is stale: train: 1 changed (first: t-2) (run: tunix-rt dataset build demo)",
    ]);
  });

  it("a lock whose sources have bad lines names them once", async () => {
    const root = await makeValidRepo();
    replaceLine(root, "traces/a.jsonl", 2, "{");
    expect(await problemLines(root)).toMatchInlineSnapshot(`
      [
        "traces/a.jsonl:2: invalid JSON: Expected property name or '}' at column 2 (each line must be one JSON object)",
        "datasets/demo.lock.json: dataset demo: 1 bad trace line(s) in its sources (fix them (tunix-rt validate lists them all))",
        "datasets/demo.lock.json: dataset demo: cannot be built, so its lock cannot be checked",
      ]
    `);
  });
});

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const hasData = listDataFiles(repoRoot).some((f) => !isNotData(f));

it.skipIf(!hasData)("the repository itself validates", async () => {
  const report = await validateRepo(repoRoot);
  expect(report.problems.map(formatProblem)).toEqual([]);
  expect(report.ok).toBe(true);
});
