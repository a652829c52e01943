// Browser test of the evaluation-depth views on the built site (Debian's Chromium, playwright-core):
// the run page's human review (figures from the summary, ratings beside verdicts with the
// disagreements first, a fixture warning, notes as text); the dataset page's contamination figures
// (a planted duplicate counted) and the external-dataset note; the trace page's token view (tokens
// of the trace as its dataset's run config trains on it, the loss-carrying ones marked).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDatasetLock } from "../../pipeline/src/dataset/build.ts";
import { trace, traceLines } from "../../pipeline/src/dataset/test-kit.ts";
import { writeTestRun } from "../../pipeline/src/report/test-runs.ts";
import { summarizeRunFolder } from "../../pipeline/src/run/judge-stage.ts";
import { buildSite, REPO } from "./build-site.ts";
import { launchChromium } from "./chromium.ts";
import { type StaticServer, serveStatic } from "./static-server.ts";

let tmp: string;
let root: string;
let server: StaticServer;
let context: BrowserContext;
const problems: string[] = [];

function put(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-site-depth-"));
  root = path.join(tmp, "repo");
  mkdirSync(path.join(root, ".git"), { recursive: true });
  writeFileSync(path.join(root, "package.json"), "{}");
  // A dataset whose eval split holds a question planted in train with other case and spacing.
  put(
    "traces/t/train.jsonl",
    traceLines([
      trace("tr-1", { prompt: "Ann has 3 apples and buys 4 more. How many apples?", answer: "7" }),
      trace("tr-2", { prompt: "BOB  has 5 pears and eats 2 of them. how many pears are left", answer: "3" }),
    ]),
  );
  put(
    "traces/t/eval.jsonl",
    traceLines([
      trace("ev-1", {
        prompt: "Bob has 5 pears and eats 2 of them. How many pears are left?",
        answer: "3",
        steps: [{ text: "5 - 2 = 3" }],
      }),
      trace("ev-2", { prompt: "Cy has 9 nuts. How many nuts?", answer: "9" }),
    ]),
  );
  put(
    "datasets/d.yaml",
    "schemaVersion: 1\nname: d\nsources: [traces/t/*.jsonl]\nsplit:\n  evalFiles: [traces/t/eval.jsonl]\n",
  );
  put(
    "datasets/ext.yaml",
    "schemaVersion: 1\nname: ext\nsources: [traces/external/x/train.jsonl]\nsplit:\n  ratios: { train: 1 }\n",
  );
  await writeDatasetLock(root, "d");
  put(
    "datasets/ext.lock.json",
    readFileSync(path.join(root, "datasets/d.lock.json"), "utf8").replace('"name": "d"', '"name": "ext"'),
  );
  put(
    "configs/runs/d.yaml",
    "schemaVersion: 1\nmodel: { layers: 1, dModel: 32, heads: 2, context: 192, tokenizer: { kind: byte } }\ndataset: { name: d }\n",
  );
  // A run with people's ratings: the fixture file (made up, marked) plus a note with markup in it.
  writeTestRun(root, { id: "r-1", correct: Array.from({ length: 20 }, (_, i) => i < 10) });
  const fixture = readFileSync(path.join(REPO, "pipeline/src/report/fixtures/review.fixture.jsonl"), "utf8");
  put(
    "runs/r-1/reviews/fixture.jsonl",
    fixture.replace("made-up fixture row", "<img src=x onerror=alert(1)> made-up fixture row"),
  );
  summarizeRunFolder({ root, runDir: "runs/r-1" });
  await buildSite({ dataRoot: root, outDir: path.join(tmp, "dist") });
  server = await serveStatic(path.join(tmp, "dist"));
  context = await launchChromium(path.join(tmp, "profile"), { width: 1280, height: 900 });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  expect(problems).toEqual([]);
});

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message} (${url})`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()} (${url})`);
    void d.dismiss();
  });
  await page.goto(server.url + url);
  return page;
}

describe("evaluation depth on the site", () => {
  it("shows people's ratings beside the verdicts, disagreements first, with kappa from the summary", async () => {
    const page = await open("runs/r-1/");
    const section = page.locator("#human-review");
    expect(await section.locator("p.warn").first().textContent()).toContain(
      "20 of these ratings are test fixtures",
    );
    const kappa = await section
      .locator('table.review-summary tr[data-judge="answer-correctness@1"] td.kappa')
      .textContent();
    expect(kappa).toMatch(/^0\.70 \[0\.\d\d, 1\.00\]$/);
    const first = await page.$$eval("#review-items tbody tr", (trs) =>
      trs
        .slice(0, 4)
        .map((tr) => `${tr.querySelector("td code")?.textContent} ${tr.getAttribute("data-disagrees")}`),
    );
    expect(first).toEqual(["item-8 true", "item-9 true", "item-10 true", "item-0 false"]);
    const note = page.locator("#review-items tbody tr").first().locator("td").last();
    expect(await note.textContent()).toContain("<img src=x onerror=alert(1)> made-up fixture row");
    expect(await note.locator("img").count()).toBe(0);
    await page.close();
  });

  it("shows the contamination figures of a lock, and says a dataset is external", async () => {
    const page = await open("datasets/d/");
    const row = await page.$$eval('#contamination tr[data-split="eval"] td', (tds) =>
      tds.map((td) => td.textContent?.trim()),
    );
    expect(row.slice(0, 3)).toEqual(["eval", "2", "1 (50.0%)"]);
    expect(await page.locator("#external-dataset").count()).toBe(0);
    const ext = await open("datasets/ext/");
    expect(await ext.locator("#external-dataset").textContent()).toContain("not in this repository");
    await page.close();
    await ext.close();
  });

  it("shows a trace's tokens as its dataset's run config trains on it, loss-carrying ones marked", async () => {
    const page = await open("traces/1/");
    const article = page.locator("article", { has: page.locator("code", { hasText: "ev-1" }) });
    await article.locator("button[data-tokens]").click();
    await article.locator(".token-box .tokens").waitFor();
    expect(await article.locator(".token-box p").textContent()).toMatch(
      /^d\/eval as configs\/runs\/d\.yaml trains on it \(byte; fingerprint [0-9a-f]{16}\): \d+ tokens, \d+ carry loss/,
    );
    const loss = await article.locator(".tokens span.loss").allTextContents();
    expect(loss.join("")).toBe("Reasoning:↵1. 5 - 2 = 3↵Answer: 3<end_of_turn>");
    const all = await article.locator(".tokens span").allTextContents();
    expect(all[0]).toBe("<bos>");
    await page.close();
  });
});
