// The site benchmark: `npm run bench -- site [--json] [--runs 100,1000] [--traces 100000] [--items 200] [--keep]`.
// Copies the repository's data folders into a temp repository, adds 100,000 generated traces, a
// dataset and run folders (predictions from a seeded noisy oracle, verdicts from the real judges
// through `judgeAll`, summaries from `summarizeRun`; tests/browser/fixture-repo.ts), then builds the
// site once per run count in --runs (runs are added between builds) and measures each build:
//   wall time (target ≤ 180 s), peak RSS of the build process (≤ 4 GB), the leaderboard page's
//   total transfer — HTML + CSS + JS + the JSON it fetches, each gzip-compressed, as loaded by
//   Chromium when it is installed (≤ 300 KB) — and the largest HTML page (≤ 1 MB).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { buildSite, REPO } from "../tests/browser/build-site.ts";
import { CHROMIUM, launchChromium } from "../tests/browser/chromium.ts";
import { writeFixtureRepo } from "../tests/browser/fixture-repo.ts";
import { serveStatic } from "../tests/browser/static-server.ts";
import type { Bench, BenchOptions, BenchResult } from "./types.ts";

export const TARGETS = Object.freeze({
  build_seconds: 180,
  peak_rss_mb: 4096,
  leaderboard_kb: 300,
  max_page_kb: 1024,
});

export const bench: Bench = {
  summary: "site build over 1,000 runs × 200 predictions and 100,000 traces (time, RSS, page weight)",
  run,
};

const DATA_DIRS = ["traces", "datasets", "configs", "runs", "content"];

interface BuildFigures {
  runs: number;
  build_s: number;
  peak_rss_mb: number;
  pages: number;
  max_page_kb: number;
  max_page: string;
  leaderboard_kb: number;
  leaderboard_method: string;
  output_mb: number;
}

async function run({ args, log }: BenchOptions): Promise<BenchResult> {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: "string", default: "100,1000" },
      traces: { type: "string", default: "100000" },
      items: { type: "string", default: "200" },
      keep: { type: "boolean", default: false },
    },
  });
  const steps = String(values.runs)
    .split(",")
    .map(Number)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  const traces = Number(values.traces);
  const items = Number(values.items);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-site-bench-"));
  const root = path.join(tmp, "repo");
  mkdirSync(root);
  try {
    for (const dir of DATA_DIRS)
      if (existsSync(path.join(REPO, dir)))
        cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
    const realRuns = existsSync(path.join(root, "runs"))
      ? readdirSync(path.join(root, "runs")).filter((d) => statSync(path.join(root, "runs", d)).isDirectory())
          .length
      : 0;
    const figures: BuildFigures[] = [];
    let made = 0;
    for (const target of steps) {
      const t0 = Date.now();
      await writeFixtureRepo(root, {
        traces,
        trainFiles: 8,
        runs: target - made,
        firstRun: made,
        runsOnly: made > 0,
        itemsPerRun: items,
        evalTraces: items,
        dataset: "site-bench",
        log,
      });
      log(
        `generated ${target - made} runs${made === 0 ? ` and ${traces.toLocaleString("en-US")} traces` : ""} in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
      );
      made = target;
      const out = path.join(tmp, `dist-${target}`);
      log(`building the site with ${target} generated runs (+${realRuns} of the repository)`);
      const b = await buildSite({ dataRoot: root, outDir: out });
      const pages = htmlPages(out);
      const biggest = pages.reduce((a, p) => (p.bytes > a.bytes ? p : a), { file: "", bytes: 0 });
      const lb = await leaderboardTransfer(out);
      figures.push({
        runs: target,
        build_s: round1(b.seconds),
        peak_rss_mb: Math.round(b.peakRssBytes / 2 ** 20),
        pages: pages.length,
        max_page_kb: round1(biggest.bytes / 1024),
        max_page: path.relative(out, biggest.file),
        leaderboard_kb: round1(lb.bytes / 1024),
        leaderboard_method: lb.method,
        output_mb: Math.round(dirBytes(out) / 2 ** 20),
      });
      log(
        `built in ${b.seconds.toFixed(1)}s, peak RSS ${Math.round(b.peakRssBytes / 2 ** 20)} MB, leaderboard ${(lb.bytes / 1024).toFixed(1)} KB gz`,
      );
      if (!values.keep) rmSync(out, { recursive: true, force: true });
    }
    const last = figures[figures.length - 1];
    const first = figures[0];
    const growth =
      figures.length > 1 ? round1(((last.build_s - first.build_s) / (last.runs - first.runs)) * 1000) : null;
    const checks = {
      build_seconds: last.build_s <= TARGETS.build_seconds,
      peak_rss_mb: last.peak_rss_mb > 0 && last.peak_rss_mb <= TARGETS.peak_rss_mb,
      leaderboard_kb: last.leaderboard_kb <= TARGETS.leaderboard_kb,
      max_page_kb: Math.max(...figures.map((f) => f.max_page_kb)) <= TARGETS.max_page_kb,
    };
    return {
      rows: figures.map((f) => ({ ...f })),
      json: {
        traces,
        itemsPerRun: items,
        builds: figures,
        msPerRun: growth,
        targets: TARGETS,
        checks,
        pass: Object.values(checks).every(Boolean),
        kept: values.keep ? tmp : undefined,
      },
    };
  } finally {
    if (!values.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

/** Bytes the leaderboard page transfers, gzip-compressed: every response Chromium loads for it. */
async function leaderboardTransfer(dist: string): Promise<{ bytes: number; method: string }> {
  const server = await serveStatic(dist);
  try {
    if (existsSync(CHROMIUM)) {
      const profile = mkdtempSync(path.join(os.tmpdir(), "tunix-chromium-"));
      const context = await launchChromium(profile);
      try {
        const page = await context.newPage();
        const bodies: Promise<number>[] = [];
        page.on("response", (r) =>
          bodies.push(
            r.body().then(
              (b) => gzipSync(b).length,
              () => 0,
            ),
          ),
        );
        await page.goto(server.url, { waitUntil: "networkidle" });
        await page.waitForSelector("#leaderboard[data-ready=true], #lb-empty");
        const sizes = await Promise.all(bodies);
        return { bytes: sizes.reduce((a, b) => a + b, 0), method: `chromium (${sizes.length} responses)` };
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    // Without a browser: the HTML, the scripts it names and the JSON its script fetches.
    const { readFileSync } = await import("node:fs");
    const html = readFileSync(path.join(dist, "index.html"));
    let bytes = gzipSync(html).length + gzipSync(readFileSync(path.join(dist, "leaderboard.json"))).length;
    for (const f of readdirSync(path.join(dist, "_astro")))
      if (f.endsWith(".js") && !/^(client|react|LineChart|Compare|RunCurves)/.test(f))
        bytes += gzipSync(readFileSync(path.join(dist, "_astro", f))).length;
    return { bytes, method: "static estimate" };
  } finally {
    await server.close();
  }
}

function htmlPages(dir: string): { file: string; bytes: number }[] {
  const out: { file: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) out.push({ file: p, bytes: statSync(p).size });
    }
  };
  walk(dir);
  return out;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += statSync(path.join(e.parentPath, e.name)).size;
  return total;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
