// Content collections of the site. Every loader calls the pipeline's own readers and zod schemas
// (report/runs-reader, dataset/manifest, io/read, io/trace-reader); a broken file throws the
// validator's TunixError and fails the build with its message — it never becomes an empty table.
// Numbers shown come from pipeline functions (report/*); the site only lays them out.

import { defineCollection } from "astro:content";
import path from "node:path";
import { glob } from "astro/loaders";
import { listDatasetNames, readDatasetManifest } from "../../pipeline/src/dataset/manifest.ts";
import { readJsonFile, readYamlFile } from "../../pipeline/src/io/read.ts";
import { globFiles } from "../../pipeline/src/io/repo.ts";
import { runCurves } from "../../pipeline/src/report/curves.ts";
import { membership, splitHistograms } from "../../pipeline/src/report/dataset-view.ts";
import { judgedAtOf } from "../../pipeline/src/report/leaderboard.ts";
import { readRunFolders } from "../../pipeline/src/report/runs-reader.ts";
import { DatasetLock } from "../../pipeline/src/schemas/lock.ts";
import { SweepConfig, SweepResult } from "../../pipeline/src/schemas/sweep.ts";
import type { Trace } from "../../pipeline/src/schemas/trace.ts";
import { sweepResultFile } from "../../pipeline/src/sweep/load.ts";
import { TRACES_PER_PAGE } from "./lib/constants.ts";
import { dataRoot } from "./lib/root.ts";
import { loadAllTraces } from "./lib/traces.ts";

/** Runs: manifest, summary, curves and which files exist (items are read per run page). */
const runs = defineCollection({
  loader: async () =>
    readRunFolders(dataRoot(), { items: false }).map((r) => ({
      id: r.id,
      manifest: r.manifest,
      summary: r.summary ?? null,
      curves: runCurves(r.metrics),
      files: r.files,
      judgedAt: judgedAtOf(r.manifest),
      // Extra evals (runs/<id>/evals/<name>/): eval.json and summary; items are read per eval page.
      evals: r.evals.map((e) => ({
        name: e.name,
        manifest: e.manifest,
        summary: e.summary ?? null,
        files: e.files,
      })),
    })),
});

/** Datasets: manifest, lock (null when not built yet) and length histograms per split. */
const datasets = defineCollection({
  loader: async () => {
    const root = dataRoot();
    const names = listDatasetNames(root);
    if (names.length === 0) return [];
    const traces = await loadAllTraces(root);
    const byId = new Map<string, Trace>(traces.map((t) => [t.trace.id, t.trace]));
    return names.map((name) => {
      const manifest = readDatasetManifest(root, name);
      const lockFile = `datasets/${name}.lock.json`;
      const lock = globFiles(root, [lockFile]).length
        ? readJsonFile(path.join(root, lockFile), DatasetLock, lockFile)
        : null;
      return { id: name, manifest, lock, histograms: lock ? splitHistograms(lock, byId) : {} };
    });
  },
});

/** Trace pages: chunks of TRACES_PER_PAGE traces in file order, each trace with the dataset splits that include it. */
const tracePages = defineCollection({
  loader: async () => {
    const root = dataRoot();
    const traces = await loadAllTraces(root);
    const locks = listDatasetNames(root)
      .filter((name) => globFiles(root, [`datasets/${name}.lock.json`]).length > 0)
      .map((name) =>
        readJsonFile(
          path.join(root, `datasets/${name}.lock.json`),
          DatasetLock,
          `datasets/${name}.lock.json`,
        ),
      );
    const member = membership(locks);
    const pages = [];
    for (let start = 0, page = 1; start < traces.length; start += TRACES_PER_PAGE, page++) {
      const slice = traces.slice(start, start + TRACES_PER_PAGE);
      pages.push({
        id: String(page),
        page,
        first: start,
        traces: slice.map((t) => ({
          trace: t.trace,
          file: t.file,
          line: t.line,
          datasets: member.get(t.trace.id) ?? [],
        })),
      });
    }
    return pages;
  },
});

/** Sweeps: configs/sweeps/*.yaml with their result runs/sweeps/<name>.json (null: not collected yet). */
const sweeps = defineCollection({
  loader: async () => {
    const root = dataRoot();
    return globFiles(root, ["configs/sweeps/*.yaml", "configs/sweeps/*.yml"]).map((file) => {
      const sweep = readYamlFile(path.join(root, file), SweepConfig, file);
      const resultFile = sweepResultFile(sweep.name);
      const result = globFiles(root, [resultFile]).length
        ? readJsonFile(path.join(root, resultFile), SweepResult, resultFile)
        : null;
      return { id: sweep.name, file, sweep, result };
    });
  },
});

/** Docs: markdown under the repository's content/docs and content/guides (ours, so it is rendered as HTML). */
const docs = defineCollection({
  loader: glob({
    pattern: ["docs/**/*.md", "guides/**/*.md"],
    base: "../content",
    generateId: ({ entry }) => entry.replace(/^(docs|guides)\//, "").replace(/\.md$/, ""),
  }),
});

export const collections = { runs, datasets, tracePages, sweeps, docs };
