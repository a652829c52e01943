// Browser tests of the built site: Debian's Chromium through playwright-core, against a fixture
// repository (tests/browser/fixture-repo.ts) built with the project's Astro and served on
// 127.0.0.1. Screenshots go to screenshots/ (git-ignored).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hashValue } from "../../pipeline/src/io/json.ts";
import { compareRuns } from "../../pipeline/src/report/compare.ts";
import { toRunView } from "../../pipeline/src/report/run-view.ts";
import { readRunFolder } from "../../pipeline/src/report/runs-reader.ts";
import { SweepConfig, SweepResult } from "../../pipeline/src/schemas/sweep.ts";
import { buildSite, REPO } from "./build-site.ts";
import { CHROMIUM, launchChromium } from "./chromium.ts";
import { writeFixtureRepo, XSS_PROMPT, XSS_TRACE_ID } from "./fixture-repo.ts";
import { type StaticServer, serveStatic } from "./static-server.ts";

const SHOTS = path.join(REPO, "screenshots");
const ITEMS = 60;

let tmp: string;
let dataRoot: string;
let server: StaticServer;
let context: BrowserContext;
let runIds: string[];
let evalIds: string[];
let realIds: string[];
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-site-"));
  dataRoot = path.join(tmp, "repo");
  mkdirSync(dataRoot);
  ({ runIds, evalIds } = await writeFixtureRepo(dataRoot, { traces: 450, runs: 3, itemsPerRun: ITEMS }));
  mkdirSync(path.join(dataRoot, "configs/sweeps"), { recursive: true });
  writeFileSync(
    path.join(dataRoot, "configs/sweeps/lr.yaml"),
    "schemaVersion: 1\nname: lr\nbase: configs/runs/fixture.yaml\nspace:\n  training.lr: { choice: [0.001, 0.0003] }\n",
  );
  realIds = realRuns(dataRoot);
  writeSweepResult(dataRoot, realIds);
  await buildSite({ dataRoot, outDir: path.join(tmp, "dist") });
  server = await serveStatic(path.join(tmp, "dist"));
  mkdirSync(SHOTS, { recursive: true });
  context = await launchChromium(path.join(tmp, "profile"), { width: 1280, height: 900 });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * The result of sweep `lr` (what `tunix-rt sweep collect` writes) over the two real runs, with two
 * successive-halving rungs, so the sweep page has trials, a best trial and a rung chart to draw.
 */
function writeSweepResult(root: string, runs: string[]): void {
  const sweep = SweepConfig.parse(parse(readFileSync(path.join(root, "configs/sweeps/lr.yaml"), "utf8")));
  const trial = (run: string, i: number) => ({
    id: `t00${i}`,
    run,
    params: { "training.lr": [0.001, 0.0003][i] },
    status: i === 0 ? "completed" : "stopped",
    score: i === 0 ? 0.25 : null,
    ci95: i === 0 ? [0.1, 0.4] : null,
    evalLoss: [2.5, 3.1][i],
    steps: [6, 3][i],
    rungs:
      i === 0
        ? [
            { rung: 0, step: 3, evalLoss: 2.9 },
            { rung: 1, step: 6, evalLoss: 2.5 },
          ]
        : [{ rung: 0, step: 3, evalLoss: 3.1 }],
    rank: i === 0 ? 1 : null,
  });
  const result = SweepResult.parse({
    schemaVersion: 1,
    sweep: "lr",
    file: "configs/sweeps/lr.yaml",
    sweepHash: hashValue(sweep),
    base: sweep.base,
    metric: sweep.metric,
    mode: sweep.mode,
    scheduler: { kind: "successive-halving", rungs: 2, eta: 2, rungSteps: [3, 6] },
    trials: runs.map(trial),
    best: { trial: "t000", run: runs[0], score: 0.25 },
    steps: { trained: 9, full: 12, saved: 3 },
  });
  mkdirSync(path.join(root, "runs/sweeps"), { recursive: true });
  writeFileSync(path.join(root, "runs/sweeps/lr.json"), `${JSON.stringify(result, null, 2)}\n`);
}

/** Two real tiny runs made by `tunix-rt run` (a few training steps, a dozen eval items). */
function realRuns(root: string): string[] {
  mkdirSync(path.join(root, "configs/runs"), { recursive: true });
  writeFileSync(
    path.join(root, "configs/runs/tiny.yaml"),
    [
      "schemaVersion: 1",
      "description: Tiny real run of the site tests",
      "tags: [tiny, real]",
      "model: { layers: 1, dModel: 32, heads: 2, context: 160 }",
      "dataset: { name: demo, evalLimit: 12 }",
      "training: { steps: 6, batchSize: 4, lr: 0.003, logEvery: 1, evalEvery: 3, evalBatches: 1 }",
      "inference: { maxNewTokens: 24, batchSize: 12 }",
      "",
    ].join("\n"),
  );
  return ["seed=1", "seed=2"].map((set) => {
    const out = execFileSync(
      process.execPath,
      [path.join(REPO, "pipeline/bin/tunix-rt.js"), "run", "configs/runs/tiny.yaml", "--set", set, "--json"],
      {
        cwd: root,
        env: { ...process.env, TUNIX_RT_ROOT: root },
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    return (JSON.parse(out.toString()) as { runId: string }).runId;
  });
}

/** A fresh page that records console errors, page errors, dialogs and failed requests. */
async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()} (${url})`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message} (${url})`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()} (${url})`);
    void d.dismiss();
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(server.url + url);
  return page;
}

const firstColumn = (page: Page) =>
  page.$$eval("#lb-table tbody tr td:first-child", (tds) => tds.map((td) => td.textContent ?? ""));

describe("site in Chromium", () => {
  it("sorts the leaderboard by a column, with the mouse and with the keyboard", async () => {
    const page = await open("?judge=answer-correctness@1");
    await page.waitForSelector("#leaderboard[data-ready=true]");
    const before = await firstColumn(page);
    expect(before).toHaveLength(5);
    await page.click('th[data-key="run"] button');
    const byRun = await firstColumn(page);
    expect(byRun).toEqual([...runIds, ...realIds].sort());
    await page.click('th[data-key="run"] button');
    expect(await firstColumn(page)).toEqual([...runIds, ...realIds].sort().reverse());
    expect(await page.getAttribute('th[data-key="run"]', "aria-sort")).toBe("descending");
    await page.focus('th[data-key="score"] button');
    await page.keyboard.press("Enter");
    const byScore = await page.$$eval("#lb-table tbody tr td:nth-child(5)", (tds) =>
      tds.map((td) => Number.parseFloat(td.textContent ?? "")),
    );
    expect(byScore).toEqual([...byScore].sort((a, b) => b - a));
    expect(page.url()).toContain("sort=score");
    await page.selectOption('select[name="judge"]', "format@1");
    expect(
      await page.$$eval("#lb-table tbody tr td:nth-child(3)", (tds) => [
        ...new Set(tds.map((t) => t.textContent)),
      ]),
    ).toEqual(["format@1"]);
    await page.screenshot({ path: path.join(SHOTS, "leaderboard.png"), fullPage: true });
    await page.close();
  });

  it("draws the loss chart of a real run (canvas pixels)", async () => {
    const page = await open(`runs/${realIds[0]}/`);
    await page.waitForSelector('canvas[data-testid="loss-chart"]');
    const n = await page.$eval('canvas[data-testid="loss-chart"]', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
      return drawn;
    });
    expect(n).toBeGreaterThan(500);
    expect(await page.textContent("#scores")).toContain("answer-correctness@1");
    await page.screenshot({ path: path.join(SHOTS, "real-run.png") });
    await page.close();
  });

  it("draws the run page's loss chart (canvas pixels) and filters items", async () => {
    const page = await open(`runs/${runIds[0]}/`);
    await page.waitForSelector('canvas[data-testid="loss-chart"]');
    const drawn = await page.$eval('canvas[data-testid="loss-chart"]', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return { n, w: canvas.width, h: canvas.height };
    });
    expect(drawn.w).toBeGreaterThan(100);
    expect(drawn.n).toBeGreaterThan(500);
    const total = await page.$$eval("#items tbody tr", (rows) => rows.length);
    expect(total).toBe(ITEMS);
    await page.click('#item-filters button[data-filter="incorrect"]');
    const visible = await page.$$eval("#items tbody tr:not([hidden])", (rows) =>
      rows.map((r) => r.getAttribute("data-correct")),
    );
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(ITEMS);
    expect(new Set(visible)).toEqual(new Set(["false"]));
    await page.click('#item-filters button[data-filter="truncated"]');
    const truncated = await page.$$eval("#items tbody tr:not([hidden])", (rows) =>
      rows.map((r) => r.getAttribute("data-truncated")),
    );
    expect(new Set(truncated)).toEqual(new Set(truncated.length ? ["true"] : []));
    await page.screenshot({ path: path.join(SHOTS, "run.png") });
    await page.close();
  });

  it("lists the flips of two real runs with the numbers of the pipeline's compareRuns", async () => {
    const [a, b] = realIds;
    const page = await open(`compare/?runs=${a},${b}`);
    await page.waitForSelector("#compare[data-ready=true]");
    const cells = await page.$$eval("#compare-pairs tbody tr td", (tds) =>
      tds.map((t) => t.textContent ?? ""),
    );
    const expected = compareRuns(
      [toRunView(readRunFolder(dataRoot, a)), toRunView(readRunFolder(dataRoot, b))],
      "answer-correctness@1",
    ).pairs[0];
    expect(cells[0]).toBe(`${a} → ${b}`);
    expect(cells.slice(2, 6).map(Number)).toEqual([
      expected.fixed,
      expected.broken,
      expected.bothRight,
      expected.bothWrong,
    ]);
    expect(expected.common).toBe(12);
    expect(cells[6]).toBe(expected.mcnemarP?.toFixed(4));
    expect(await page.textContent("#compare-config")).toContain("seed");
    await page.waitForSelector('canvas[data-testid="overlay-chart"]');
    await page.close();
  });

  it("shows flipped items of two runs side by side", async () => {
    const [a, b] = runIds;
    const page = await open(`compare/?runs=${a},${b}`);
    await page.waitForSelector("#compare[data-ready=true]");
    const expected = compareRuns(
      [toRunView(readRunFolder(dataRoot, a)), toRunView(readRunFolder(dataRoot, b))],
      "answer-correctness@1",
    ).pairs[0];
    expect(expected.fixed + expected.broken + expected.bothRight + expected.bothWrong).toBe(ITEMS);
    expect(await page.$$eval("#flip-list li", (lis) => lis.length)).toBe(expected.fixed);
    await page.click("#flip-list li button");
    await page.waitForSelector("#side-by-side .card");
    expect(await page.$$eval("#side-by-side .card", (c) => c.length)).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, "compare.png"), fullPage: true });
    await page.close();
  });

  it("finds a trace by a word of its prompt and opens it by its deep link", async () => {
    const page = await open("traces/");
    await page.waitForSelector("#trace-browser[data-ready=true]");
    await page.fill('input[name="q"]', "crêpes");
    await page.click('#trace-search button[type="submit"]');
    await page.waitForSelector("#trace-hits li");
    const hits = await page.$$eval("#trace-hits li code", (c) => c.map((x) => x.textContent));
    expect(hits).toEqual(["fixture-unicode"]);
    await Promise.all([page.waitForURL(/#t-fixture-unicode$/), page.click("#trace-hits li a")]);
    const target = await page.evaluate(() => document.querySelector(":target")?.id);
    expect(target).toBe("t-fixture-unicode");
    expect(await page.textContent(":target .prompt")).toContain("Zoë buys 3 crêpes");
    await page.screenshot({ path: path.join(SHOTS, "traces.png") });
    await page.close();
  });

  it("filters traces by source and pages through the results", async () => {
    const page = await open("traces/");
    await page.waitForSelector("#trace-browser[data-ready=true]");
    await page.selectOption('select[name="source"]', { label: "synthetic/rates" });
    await page.waitForSelector("#trace-hits li");
    expect(page.url()).toMatch(/source=\d+/);
    const count = Number((await page.textContent("#trace-hit-count"))?.replace(/\D/g, ""));
    expect(count).toBeGreaterThan(20);
    expect(await page.$$eval("#trace-hits li", (l) => l.length)).toBe(20);
    await page.click("#trace-results .pager button:last-child");
    await page.waitForSelector('#trace-hits[start="21"]');
    await page.close();
  });

  it("opens a run item by its deep link, inside its collapsed details", async () => {
    const id = evalIds[5];
    const page = await open(`runs/${runIds[1]}/#item-${id}`);
    const target = await page.evaluate(() => document.querySelector(":target")?.id);
    expect(target).toBe(`item-${id}`);
    expect(await page.$eval(":target details", (d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.isVisible(":target")).toBe(true);
    await page.close();
  });

  it("renders script and HTML in trace and prediction text as text", async () => {
    const traces = await open("traces/");
    await traces.waitForSelector("#trace-browser[data-ready=true]");
    await traces.fill('input[name="q"]', "zebras");
    await traces.click('#trace-search button[type="submit"]');
    await traces.waitForSelector("#trace-hits li");
    await Promise.all([traces.waitForURL(/#t-fixture-xss$/), traces.click("#trace-hits li a")]);
    expect(await traces.textContent(":target .prompt")).toBe(XSS_PROMPT);
    const run = await open(`runs/${runIds[0]}/#item-${XSS_TRACE_ID}`);
    expect(await run.textContent(":target")).toContain("<script>alert(2)</script>");
    const compare = await open(`compare/?runs=${runIds[0]},${runIds[1]}`);
    await compare.waitForSelector("#compare[data-ready=true]");
    for (const page of [traces, run, compare]) {
      expect(await page.$$("img")).toHaveLength(0);
      const scripts = await page.$$eval("script", (s) =>
        s.map((x) => x.textContent ?? "").filter((t) => t.includes("alert(")),
      );
      expect(scripts).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { alerted?: boolean }).alerted)).toBeUndefined();
    }
    await traces.screenshot({ path: path.join(SHOTS, "xss.png") });
    for (const page of [traces, run, compare]) await page.close();
    expect(problems.filter((p) => p.startsWith("dialog"))).toEqual([]);
  });

  it("shows a sweep's result as written: ranked trials, the best trial, the steps saved, a rung chart", async () => {
    const page = await open("sweeps/lr/");
    expect(await page.textContent('[data-testid="best"]')).toContain(`Best trial: t000, ${realIds[0]}`);
    expect(await page.textContent('[data-testid="saved"]')).toBe("3");
    expect(
      await page.$$eval('[data-testid="trials"] tbody tr', (rows) => rows.map((r) => r.textContent ?? "")),
    ).toEqual([expect.stringContaining("t000"), expect.stringContaining("stopped")]);
    expect(await page.$('[data-testid="stale"]')).toBeNull();
    const chart = page.locator('canvas[data-testid="rung-chart"]');
    await chart.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const c = document.querySelector('canvas[data-testid="rung-chart"]') as HTMLCanvasElement | null;
      return c !== null && c.width > 0 && c.height > 0;
    });
    const drawn = await chart.evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    expect(drawn).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(SHOTS, "sweep.png"), fullPage: true });
    await page.close();
  });

  it("shows datasets, sweeps and docs pages", async () => {
    const ds = await open("datasets/demo/");
    expect(await ds.textContent("h1")).toContain("demo");
    expect(await ds.$$eval(".bars", (b) => b.length)).toBeGreaterThanOrEqual(6);
    const sweeps = await open("sweeps/lr/");
    expect(await sweeps.textContent("h1")).toContain("lr");
    const docs = await open("docs/judges/");
    expect(await docs.textContent("article")).toContain("McNemar");
    for (const p of [ds, sweeps, docs]) await p.close();
  });

  it("logged no console errors, page errors, dialogs or failed requests", () => {
    expect(problems).toEqual([]);
  });
});
