// Browser test of extra evals on the built site (Debian's Chromium, playwright-core): the
// leaderboard ranks rows inside each eval dataset under a group header — a 100% GSM8K row is never
// ranked above the demo rows, whichever column sorts; a sampled eval's page shows pass@1, pass@4
// and maj@4 with their intervals beside @1, the prompts cut to fit and the model it used (another
// model's weights are flagged); eval text is escaped; the run page links to its evals; the compare
// page shows the paired bootstrap of pass@k between two runs sampled k times (the pipeline's numbers).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJsonAtomic } from "../../pipeline/src/io/atomic.ts";
import { compareRuns } from "../../pipeline/src/report/compare.ts";
import { readEvalFolder } from "../../pipeline/src/report/evals-reader.ts";
import { toRunView } from "../../pipeline/src/report/run-view.ts";
import { readRunFolder } from "../../pipeline/src/report/runs-reader.ts";
import { summarizeRun } from "../../pipeline/src/report/summary.ts";
import { writeTestEval } from "../../pipeline/src/report/test-evals.ts";
import { writeTestRun } from "../../pipeline/src/report/test-runs.ts";
import { buildSite } from "./build-site.ts";
import { launchChromium } from "./chromium.ts";
import { type StaticServer, serveStatic } from "./static-server.ts";

let tmp: string;
let root: string;
let server: StaticServer;
let context: BrowserContext;
const problems: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-site-evals-"));
  root = path.join(tmp, "repo");
  mkdirSync(path.join(root, ".git"), { recursive: true });
  writeFileSync(path.join(root, "package.json"), "{}");
  writeTestRun(root, { id: "a-1", correct: [true, false, false, false] });
  writeTestRun(root, { id: "b-2", correct: [true, true, false, false] });
  writeTestEval(root, "a-1", {
    name: "gsm8k-test",
    dataset: "gsm8k",
    split: "test",
    items: ["1", "1", "1"],
    truncated: 2,
  });
  writeTestEval(root, "a-1", {
    name: "demo-k4",
    items: ["1100", "0000", "0111", "1111"],
    sameAsRun: false,
    note: "<img src=x onerror=alert(1)> other weights",
  });
  // Two runs whose own predictions were sampled 4 times (an eval's files moved into the run folder).
  for (const [id, items] of [
    ["s-1", ["1000", "0000", "0000", "1111"]],
    ["s-2", ["1100", "0010", "0001", "1111"]],
  ] as const) {
    writeTestRun(root, { id, correct: [true, false, false, false] });
    const dir = writeTestEval(root, id, { name: "own", items: [...items] });
    for (const f of ["predictions.jsonl", "verdicts.jsonl"])
      copyFileSync(path.join(dir, f), path.join(root, "runs", id, f));
    const e = readEvalFolder(root, id, "own");
    writeJsonAtomic(
      path.join(root, "runs", id, "eval_summary.json"),
      summarizeRun(e.predictions, e.verdicts, { run: id, dataset: "demo", split: "eval" }),
    );
    rmSync(path.join(root, "runs", id, "evals"), { recursive: true });
  }
  await buildSite({ dataRoot: root, outDir: path.join(tmp, "dist") });
  server = await serveStatic(path.join(tmp, "dist"));
  context = await launchChromium(path.join(tmp, "profile"), { width: 1280, height: 900 });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
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

/** The leaderboard body as lines: group headers as "# group", rows as "run dataset score". */
const bodyLines = (page: Page) =>
  page.$$eval("#lb-table tbody tr", (trs) =>
    trs.map((tr) =>
      tr.classList.contains("group")
        ? `# ${tr.textContent?.trim()}`
        : [...tr.querySelectorAll("td")]
            .filter((_, i) => i === 0 || i === 1 || i === 4)
            .map((td) => td.textContent?.trim().split(" [")[0])
            .join(" | "),
    ),
  );

describe("extra evals on the site", () => {
  it("ranks the leaderboard inside each eval dataset, under group headers", async () => {
    const page = await open("?judge=answer-correctness@1");
    await page.waitForSelector("#leaderboard[data-ready=true]");
    expect(await bodyLines(page)).toEqual([
      "# Eval dataset demo/eval",
      "a-1 | demo/eval (eval demo-k4) | 50.0%",
      "b-2 | demo/eval | 50.0%",
      "s-1 | demo/eval | 50.0%",
      "s-2 | demo/eval | 50.0%",
      "a-1 | demo/eval | 25.0%",
      "# Eval dataset gsm8k/test",
      "a-1 | gsm8k/test (eval gsm8k-test) | 100.0%",
    ]);
    // Ascending by score still keeps the groups apart.
    await page.click('th[data-key="score"] button');
    const asc = await bodyLines(page);
    expect(asc[0]).toBe("# Eval dataset demo/eval");
    expect(asc[6]).toBe("# Eval dataset gsm8k/test");
    expect(asc[1]).toBe("a-1 | demo/eval | 25.0%");
    await page.close();
  });

  it("shows pass@1, pass@k and maj@k with intervals beside @1 on a sampled eval's page", async () => {
    const page = await open("runs/a-1/evals/demo-k4/");
    const row = page.locator('table.sampled tr[data-judge="answer-correctness@1"]');
    // Items 1100, 0000, 0111, 1111: pass@1 = (2 + 0 + 3 + 4) / 16, pass@4 = 3/4, maj@4 = 3/4.
    expect(await row.locator("td.pass1").textContent()).toMatch(/^56\.3% \[\d+\.\d% – \d+\.\d%\]$/);
    expect(await row.locator("td.passk").textContent()).toMatch(/^75\.0% \[\d+\.\d% – 100\.0%\]$/);
    expect(await row.locator("td.majk").textContent()).toMatch(/^75\.0% \[/);
    expect(await page.locator('table.sampled tr[data-judge="format@1"] td.majk').textContent()).toBe("—");
    expect(await page.locator("#eval-model").textContent()).toMatch(/not the run's own weights/);
    // The note is shown as text, not markup.
    expect(await page.locator("p.note").textContent()).toBe("<img src=x onerror=alert(1)> other weights");
    expect(await page.locator("p.note img").count()).toBe(0);
    await page.close();
  });

  it("shows the paired bootstrap of pass@k between two sampled runs on the compare page", async () => {
    const page = await open("compare/?runs=s-1,s-2");
    await page.waitForSelector("#compare[data-ready=true]");
    const rows = await page.$$eval("#compare-sampled tbody tr", (trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
    );
    const want = compareRuns(
      [toRunView(readRunFolder(root, "s-1")), toRunView(readRunFolder(root, "s-2"))],
      "answer-correctness@1",
    ).pairs[0].sampled!;
    expect(rows.map((r) => r[1])).toEqual(["pass@1", "pass@4", "maj@4"]);
    expect(rows[1].slice(2, 5)).toEqual(["50.0%", "100.0%", "+50.0 pp"]);
    expect(rows[1][6]).toBe(want.passAtK.p.toFixed(4));
    expect(rows[1][5]).toBe(
      `${(100 * want.passAtK.ci95[0]).toFixed(1).replace(/^(?!-)/, "+")} pp … ${(100 * want.passAtK.ci95[1]).toFixed(1).replace(/^(?!-)/, "+")} pp`,
    );
    await page.close();
  });

  it("counts prompts cut to fit, and the run page lists its evals", async () => {
    const page = await open("runs/a-1/evals/gsm8k-test/");
    expect(await page.locator("#eval-counts strong").textContent()).toBe("2");
    expect(await page.locator("#eval-model").textContent()).toMatch(/the run's own weights/);
    await page.close();
    const run = await open("runs/a-1/");
    expect(
      await run.$$eval("#evals tbody tr td:first-child a", (as) => as.map((a) => a.textContent)),
    ).toEqual(["demo-k4", "gsm8k-test"]);
    await run.click("#evals a >> text=demo-k4");
    await run.waitForURL(/evals\/demo-k4\/$/);
    await run.close();
    expect(problems).toEqual([]);
  });
});
