// Layout and wording bugs of the run, runs and datasets pages, in Chromium against a small fixture:
// the breakdown tables stay inside their cards (they overflowed into the next card, so numbers ran
// together: "100.0%1"); an `#item-…` deep link puts the row below the table's sticky header, not
// under it; the datasets index shows the lock's sha256 (what runs record), not the manifest hash; a
// run that was only trained does not read "completed".
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DERIVED_LOCK_KEYS, lockIdentityHash } from "../../pipeline/src/dataset/lock-file.ts";
import { writeJsonAtomic, writeJsonlAtomic } from "../../pipeline/src/io/atomic.ts";
import { lockHashOf } from "../../pipeline/src/run/manifest.ts";
import { RunManifest } from "../../pipeline/src/schemas/run.ts";
import { buildSite } from "./build-site.ts";
import { CHROMIUM, launchChromium } from "./chromium.ts";
import { writeFixtureRepo } from "./fixture-repo.ts";
import { type StaticServer, serveStatic } from "./static-server.ts";

let tmp: string;
let dataRoot: string;
let server: StaticServer;
let context: BrowserContext;
let runIds: string[];
let evalIds: string[];

beforeAll(async () => {
  if (!(await import("node:fs")).existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-run-page-"));
  dataRoot = path.join(tmp, "repo");
  mkdirSync(dataRoot);
  ({ runIds, evalIds } = await writeFixtureRepo(dataRoot, { traces: 80, runs: 1, itemsPerRun: 60 }));
  writeTrainOnlyRun(dataRoot, "trained-only");
  await buildSite({ dataRoot, outDir: path.join(tmp, "dist") });
  server = await serveStatic(path.join(tmp, "dist"));
  context = await launchChromium(path.join(tmp, "profile"), { width: 1280, height: 900 });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** What `tunix-rt train` alone leaves: run.json completed after the train stage, and metrics. */
function writeTrainOnlyRun(root: string, id: string): void {
  const base = JSON.parse(readFileSync(path.join(root, "runs", runIds[0], "run.json"), "utf8"));
  const manifest = RunManifest.parse({ ...base, id, stages: { train: base.stages.train } });
  writeJsonAtomic(path.join(root, "runs", id, "run.json"), manifest);
  writeJsonlAtomic(path.join(root, "runs", id, "metrics.jsonl"), [
    {
      schemaVersion: 1,
      kind: "train",
      step: 0,
      epoch: 0,
      loss: 3,
      lr: 0.001,
      gradNorm: 1,
      tokens: 0,
      tokensPerS: 1,
      tokenAccuracy: 0,
      elapsedS: 0,
    },
  ]);
}

async function open(url: string, width = 1280): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(server.url + url);
  return page;
}

/** Two animation frames: layout and any scroll the page's script asked for have happened. */
const settle = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe("run page layout", () => {
  it.each([1280, 1000, 700])("keeps each breakdown table inside its card at %ipx", async (width) => {
    const page = await open(`runs/${runIds[0]}/`, width);
    const cards = await page.$$eval(".card:has(> h3):has(table)", (cs) =>
      cs.map((c) => {
        const box = c.getBoundingClientRect();
        const table = c.querySelector("table")!.getBoundingClientRect();
        const clip = c.querySelector(".table-scroll")?.getBoundingClientRect();
        return {
          title: c.querySelector("h3")?.textContent,
          overflow: c.scrollWidth - c.clientWidth,
          // What of the table can paint: its box, cut by its scroll container when it has one.
          right: Math.min(table.right, clip?.right ?? Number.POSITIVE_INFINITY),
          cardRight: box.right,
        };
      }),
    );
    expect(cards.map((c) => c.title)).toEqual(["By category", "By difficulty", "By source", "By gold steps"]);
    for (const c of cards) {
      expect(c.overflow, `${c.title}: content wider than the card`).toBeLessThanOrEqual(1);
      expect(c.right, `${c.title}: table paints past the card`).toBeLessThanOrEqual(c.cardRight);
    }
    await page.close();
  });

  it("scrolls a deep-linked item below the sticky header of the items table", async () => {
    const id = evalIds[45];
    const page = await open(`runs/${runIds[0]}/#item-${id}`);
    await settle(page);
    const r = await page.evaluate(() => {
      const row = document.querySelector(":target")!.getBoundingClientRect();
      const head = document.querySelector("#items thead th")!.getBoundingClientRect();
      return { rowTop: row.top, headBottom: head.bottom, headTop: head.top, viewport: window.innerHeight };
    });
    expect(r.headTop).toBeLessThanOrEqual(1); // the header cells are stuck at the top of the viewport
    expect(r.rowTop).toBeGreaterThanOrEqual(r.headBottom);
    expect(r.rowTop).toBeLessThan(r.viewport);
    expect(await page.$eval(":target", (t) => t.id)).toBe(`item-${id}`);
    await page.close();
  });

  it("does the same for a row's own # link followed on the page (the browser scrolls, no reload)", async () => {
    const page = await open(`runs/${runIds[0]}/`);
    const id = evalIds[30];
    await page.click(`tr[id="item-${id}"] td:first-child a`);
    await settle(page);
    const r = await page.evaluate(() => {
      const row = document.querySelector(":target")!.getBoundingClientRect();
      const head = document.querySelector("#items thead th")!.getBoundingClientRect();
      return {
        rowTop: row.top,
        headBottom: head.bottom,
        open: document.querySelector(":target details")?.hasAttribute("open"),
      };
    });
    expect(r.rowTop).toBeGreaterThanOrEqual(r.headBottom);
    expect(r.open).toBe(true);
    await page.close();
  });
});

describe("runs and datasets wording", () => {
  it("shows the lock's identity hash on the datasets index, the hash runs record and the dataset page shows", async () => {
    // A lock with derived statistics (contamination counts) is identified without them, so the hash
    // is the sha256 of the lock minus those keys — not the file's sha256, not the manifest hash.
    const bytes = readFileSync(path.join(dataRoot, "datasets/demo.lock.json"));
    const lock = JSON.parse(bytes.toString("utf8"));
    const identity = lockIdentityHash(bytes);
    expect(identity).toBe(lockHashOf(dataRoot, "demo"));
    const index = await open("datasets/");
    expect(await index.textContent("thead")).toContain("Lock sha256");
    const cell = await index.textContent('tbody tr:has(a[href$="datasets/demo/"]) td:last-child code');
    expect(cell).toBe(identity.slice(0, 16));
    expect(cell).not.toBe(lock.manifestHash.slice(0, 16));
    if (DERIVED_LOCK_KEYS.some((k) => k in lock))
      expect(cell).not.toBe(createHash("sha256").update(bytes).digest("hex").slice(0, 16));
    const page = await open("datasets/demo/");
    expect(await page.textContent("main")).toContain(`sha256 ${identity.slice(0, 16)}`);
    await index.close();
    await page.close();
  });

  it("does not call a run that was only trained completed", async () => {
    const index = await open("runs/");
    const status = (id: string) => index.textContent(`tr:has(a[href$="runs/${id}/"]) td:nth-child(2)`);
    expect(await status("trained-only")).toBe("trained, not evaluated");
    expect(await status(runIds[0])).toBe("completed");
    const page = await open("runs/trained-only/");
    expect(await page.textContent("main > p > span:first-child")).toBe("trained, not evaluated");
    await index.close();
    await page.close();
  });
});
