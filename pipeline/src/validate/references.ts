// Cross-file references: what one data file names must exist. A frozen table, one row per kind:
//   dataset manifest  `name` equals its file name
//   run config        `dataset.name` has datasets/<name>.yaml; each judge is registered
//   sweep             `base` is a run config file that exists
//   baselines         each baseline's `run` folder exists under runs/
//   run manifest      `id` equals its folder; its dataset has a manifest
//   eval manifest     `run` and `name` equal its folders (runs/<run>/evals/<name>/eval.json); its
//                     dataset need not be committed (GSM8K and other brought datasets)
//   sweep result      its sweep file exists; every trial that ran has its run folder
//   model registry    every version's run folder exists
// `runs/sweeps/` holds sweep results, not a run.
//
//   const repo = indexRepo(allDataFiles, new Set(Object.keys(JUDGES)));
//   for (const p of checkReferences("sweep", rel, value, lineOf, repo)) sink.add("reference", p);

import path from "node:path";
import type { Problem } from "../errors.ts";
import type { Baselines } from "../schemas/baselines.ts";
import type { RunConfig } from "../schemas/config.ts";
import type { EvalManifest } from "../schemas/eval.ts";
import { fileKindOf } from "../schemas/index.ts";
import type { ModelRegistry } from "../schemas/models.ts";
import type { RunManifest } from "../schemas/run.ts";
import type { SweepConfig, SweepResult } from "../schemas/sweep.ts";
import type { LineOf } from "./check-file.ts";

export interface RepoIndex {
  /** Every data file, repo-relative. */
  files: Set<string>;
  /** Dataset names that have a manifest. */
  datasets: Set<string>;
  /** Run ids: folders under runs/ holding at least one file. */
  runs: Set<string>;
  /** Registered judge names (`name@version`); undefined: not checked. */
  judges?: Set<string>;
}

export function indexRepo(files: string[], judges?: Set<string>): RepoIndex {
  const datasets = new Set<string>();
  const runs = new Set<string>();
  for (const f of files) {
    const kind = fileKindOf(f)?.kind;
    if (kind === "dataset") datasets.add(datasetNameOf(f));
    const id = runIdOf(f);
    if (id) runs.add(id);
  }
  return { files: new Set(files), datasets, runs, judges };
}

/** `datasets/demo.yaml` → `demo`; also for locks. */
export function datasetNameOf(rel: string): string {
  return path.posix.basename(rel).replace(/(\.lock\.json|\.ya?ml)$/, "");
}

/** The run id of a file under `runs/<id>/` (undefined under `runs/sweeps/`). */
export function runIdOf(rel: string): string | undefined {
  const id = /^runs\/([^/]+)\//.exec(rel)?.[1];
  return id === "sweeps" ? undefined : id;
}

type Checker = (rel: string, value: never, lineOf: LineOf, repo: RepoIndex) => Problem[];

const CHECKERS: Readonly<Record<string, Checker>> = Object.freeze({
  dataset(rel: string, m: { name: string }, lineOf: LineOf) {
    const name = datasetNameOf(rel);
    if (m.name === name) return [];
    return [
      {
        file: rel,
        line: lineOf(["name"]),
        field: "name",
        expected: `${JSON.stringify(name)} (the file name)`,
        found: JSON.stringify(m.name),
        hint: `rename the file or set name: ${name}`,
      },
    ];
  },
  "run-config"(rel: string, c: RunConfig, lineOf: LineOf, repo: RepoIndex) {
    const out = [...datasetExists(rel, c.dataset.name, ["dataset", "name"], lineOf, repo)];
    if (repo.judges) {
      c.judges.forEach((j, i) => {
        if (repo.judges?.has(j)) return;
        out.push({
          file: rel,
          line: lineOf(["judges", i]),
          field: `judges.${i}`,
          expected: `a registered judge (${[...(repo.judges ?? [])].sort().join(", ")})`,
          found: JSON.stringify(j),
          hint: "fix the name or version",
        });
      });
    }
    return out;
  },
  sweep(rel: string, s: SweepConfig, lineOf: LineOf, repo: RepoIndex) {
    const base = path.posix.normalize(s.base);
    if (repo.files.has(base) && fileKindOf(base)?.kind === "run-config") return [];
    return [
      {
        file: rel,
        line: lineOf(["base"]),
        field: "base",
        expected: "an existing run config (configs/runs/<name>.yaml)",
        found: JSON.stringify(s.base),
        hint: "the path is relative to the repository root",
      },
    ];
  },
  baselines(rel: string, b: Baselines, lineOf: LineOf, repo: RepoIndex) {
    const out: Problem[] = [];
    b.baselines.forEach((entry, i) => {
      if (repo.runs.has(entry.run)) return;
      out.push({
        file: rel,
        line: lineOf(["baselines", i, "run"]),
        field: `baselines.${i}.run`,
        expected: "a run folder under runs/",
        found: JSON.stringify(entry.run),
        hint: `runs/${entry.run}/ does not exist; fix the run id`,
      });
    });
    return out;
  },
  run(rel: string, r: RunManifest, lineOf: LineOf, repo: RepoIndex) {
    const out: Problem[] = [];
    const folder = runIdOf(rel);
    if (r.id !== folder) {
      out.push({
        file: rel,
        line: lineOf(["id"]),
        field: "id",
        expected: `${JSON.stringify(folder)} (the folder name)`,
        found: JSON.stringify(r.id),
        hint: "a run's id is the name of its folder",
      });
    }
    const field = r.dataset ? ["dataset", "name"] : ["config", "dataset", "name"];
    out.push(...datasetExists(rel, r.dataset?.name ?? r.config.dataset.name, field, lineOf, repo));
    return out;
  },
  eval(rel: string, e: EvalManifest, lineOf: LineOf) {
    // runs/<id>/evals/<name>/eval.json: it names its run and itself.
    const [, id, , name] = rel.split("/");
    const out: Problem[] = [];
    for (const [field, want, found] of [
      ["run", id, e.run],
      ["name", name, e.name],
    ] as const) {
      if (want === found) continue;
      out.push({
        file: rel,
        line: lineOf([field]),
        field,
        expected: `${JSON.stringify(want)} (the ${field === "run" ? "run" : "eval"} folder's name)`,
        found: JSON.stringify(found),
        hint: "an eval lives in runs/<run id>/evals/<its name>/",
      });
    }
    return out;
  },
  "sweep-result"(rel: string, r: SweepResult, lineOf: LineOf, repo: RepoIndex) {
    const out: Problem[] = [];
    if (!repo.files.has(r.file)) {
      out.push({
        file: rel,
        line: 1,
        field: "file",
        expected: "an existing sweep config (configs/sweeps/<name>.yaml)",
        found: JSON.stringify(r.file),
        hint: "restore the sweep or remove its result",
      });
    }
    r.trials.forEach((t, i) => {
      if (t.status === "missing" || repo.runs.has(t.run)) return;
      out.push({
        file: rel,
        line: lineOf(["trials", i, "run"]) ?? 1,
        field: `trials.${i}.run`,
        expected: "a run folder under runs/",
        found: JSON.stringify(t.run),
        hint: `commit runs/${t.run}/ with the result, or collect again: tunix-rt sweep collect ${r.sweep}`,
      });
    });
    return out;
  },
  models(rel: string, m: ModelRegistry, lineOf: LineOf, repo: RepoIndex) {
    const out: Problem[] = [];
    m.models.forEach((model, i) => {
      model.versions.forEach((v, j) => {
        if (repo.runs.has(v.run)) return;
        out.push({
          file: rel,
          line: lineOf(["models", i, "versions", j, "run"]),
          field: `models.${i}.versions.${j}.run`,
          expected: "a run folder under runs/",
          found: JSON.stringify(v.run),
          hint: `runs/${v.run}/ does not exist; a promoted run must stay committed`,
        });
      });
    });
    return out;
  },
});

/** Reference problems of one schema-valid file (kinds without references: none). */
export function checkReferences(
  kind: string,
  rel: string,
  value: unknown,
  lineOf: LineOf,
  repo: RepoIndex,
): Problem[] {
  const check = CHECKERS[kind];
  return check ? check(rel, value as never, lineOf, repo) : [];
}

/** Run folders that hold files but no run.json (each reported once, at its would-be run.json). */
export function runsWithoutManifest(files: Iterable<string>, repo: RepoIndex): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const f of files) {
    const id = runIdOf(f);
    if (!id || seen.has(id) || repo.files.has(`runs/${id}/run.json`)) continue;
    seen.add(id);
    out.push({
      file: `runs/${id}/run.json`,
      message: "missing: runs/" + id + "/ holds run files but no run.json",
      hint: "restore run.json or remove the folder",
    });
  }
  return out;
}

function datasetExists(
  rel: string,
  name: string,
  field: string[],
  lineOf: LineOf,
  repo: RepoIndex,
): Problem[] {
  if (repo.datasets.has(name)) return [];
  return [
    {
      file: rel,
      line: lineOf(field),
      field: field.join("."),
      expected: "a dataset with a manifest in datasets/",
      found: JSON.stringify(name),
      hint: `datasets/${name}.yaml does not exist; fix the name or add the manifest`,
    },
  ];
}
