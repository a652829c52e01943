// Golden files: the lock, the stats table, every export format and the chat template, pinned byte
// for byte on the fixture traces in golden/traces (unicode, quotes, backslashes, tabs, newlines in
// steps, markup and a literal special token). After a deliberate format change, regenerate with
//   UPDATE_GOLDEN=1 npx vitest run pipeline/src/dataset/golden.test.ts
// and review the diff of golden/.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Trace } from "../schemas/trace.ts";
import { TRACE_FORMATS } from "../traces/formats.ts";
import { buildDatasetLock, writeDatasetLock } from "./build.ts";
import { chatTemplateFingerprint, GEMMA_TEMPLATE } from "./chat-template.ts";
import { exportDataset } from "./export.ts";
import { formatLock } from "./lock-file.ts";
import { formatStatsTables } from "./stats-table.ts";
import { makeRepo, removeRepos } from "./test-kit.ts";

afterAll(removeRepos);

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function expectGolden(name: string, actual: string | Buffer): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE) writeFileSync(file, actual);
  const expected = readFileSync(file);
  const bytes = typeof actual === "string" ? Buffer.from(actual) : actual;
  expect(bytes.toString("utf8"), `golden/${name} (UPDATE_GOLDEN=1 to regenerate)`).toBe(
    expected.toString("utf8"),
  );
  expect(bytes.equals(expected)).toBe(true);
}

let root: string;
beforeAll(async () => {
  root = makeRepo({ "datasets/golden.yaml": readFileSync(path.join(GOLDEN, "golden.yaml"), "utf8") });
  cpSync(path.join(GOLDEN, "traces"), path.join(root, "traces/fixture"), { recursive: true });
  await writeDatasetLock(root, "golden");
});

describe("golden files", () => {
  it("pins the lock", async () => {
    expectGolden("golden.lock.txt", formatLock(await buildDatasetLock(root, "golden")));
  });

  it("pins the stats table", async () => {
    const lock = await buildDatasetLock(root, "golden");
    expectGolden("stats.txt", `${formatStatsTables(lock).join("\n")}\n`);
  });

  const exports: [string, string, string | undefined][] = [
    ["chat.jsonl", "chat", undefined],
    ["chat-tagged.jsonl", "chat", "tagged"],
    ["messages.jsonl", "messages", undefined],
    ["prompt-completion.jsonl", "prompt-completion", undefined],
    ["trace.jsonl", "trace", undefined],
  ];
  it.each(exports)("pins %s (train lines, then eval lines)", async (file, format, traceFormat) => {
    const lines: string[] = [];
    for (const split of ["train", "eval"])
      lines.push(...(await exportDataset(root, "golden", split, format, { traceFormat })));
    expect(lines).toHaveLength(8);
    expectGolden(file, `${lines.join("\n")}\n`);
  });

  it("pins the chat template and both trace formats", () => {
    const text = readFileSync(path.join(GOLDEN, "traces/a.jsonl"), "utf8");
    const traces = text
      .trim()
      .split("\n")
      .map((l) => Trace.parse(JSON.parse(l)));
    const parts: string[] = [`fingerprint ${chatTemplateFingerprint(GEMMA_TEMPLATE)}`];
    for (const t of traces.slice(0, 2)) {
      for (const [name, format] of Object.entries(TRACE_FORMATS)) {
        const completion = format.render(
          t.steps.map((s) => s.text),
          t.answer,
        );
        parts.push(
          `=== ${t.id} ${name}, no system`,
          GEMMA_TEMPLATE.renderPrompt(t.prompt) + GEMMA_TEMPLATE.renderCompletion(completion),
          `=== ${t.id} ${name}, system`,
          GEMMA_TEMPLATE.renderPrompt(t.prompt, "Be brief.") + GEMMA_TEMPLATE.renderCompletion(completion),
        );
      }
    }
    expectGolden("chat-template.txt", `${parts.join("\n")}\n`);
  });

  it("keeps prompt and completion apart so that their concatenation is the whole conversation", async () => {
    const [line] = await exportDataset(root, "golden", "train", "chat");
    const row = JSON.parse(line) as { prompt: string; completion: string };
    expect(row.prompt.endsWith("<start_of_turn>model\n")).toBe(true);
    expect(row.completion.endsWith("<end_of_turn>")).toBe(true);
    expect(row.prompt.startsWith("<start_of_turn>user\nSolve the problem.")).toBe(true);
  });
});
