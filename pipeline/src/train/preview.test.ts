// What the model saw: truncation counted by the trainer's own batching, the preview of a dataset
// (an over-long example reported as truncated, with no loss left), the trainer's warning and the
// figures in run.json.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeDatasetLock } from "../dataset/build.ts";
import { GEMMA_TEMPLATE } from "../dataset/chat-template.ts";
import type { Example } from "../dataset/examples.ts";
import { makeRepo, manifestYaml, removeRepos, trace, traceLines } from "../dataset/test-kit.ts";
import { createByteTokenizer } from "../model/tokenizers/index.ts";
import { trainWithManifest } from "../run/train-stage.ts";
import { tokenizeExamples, truncationStats, truncationWarning } from "./batching.ts";
import { formatPreview, previewDataset } from "./preview.ts";
import { trainRun } from "./sft.ts";
import { fixtureExamples, tinyConfig } from "./test-fixtures.ts";

afterAll(removeRepos);

const tok = createByteTokenizer();

function example(id: string, question: string, answer: string): Example {
  return {
    id,
    prompt: GEMMA_TEMPLATE.renderPrompt(question),
    completion: GEMMA_TEMPLATE.renderCompletion(answer),
    trace: { id } as unknown as Example["trace"],
  };
}

describe("truncation in batching", () => {
  it("counts cut examples, dropped loss tokens and examples left without loss", () => {
    const short = example("short", "1+1?", "Answer: 2");
    const long = example("long", "2+2?", `Answer: ${"4".repeat(30)}`);
    const full = example("full", "x".repeat(80), "Answer: 5");
    const [s, l, f] = tokenizeExamples([short, long, full], tok, { maxLength: 40, loss: "completion" });
    expect(s.dropped).toBeUndefined();
    // Byte tokens: <bos> + prompt (user turn) + completion, cut at 41 tokens.
    const longTokens = 1 + tok.encode(long.prompt).length + tok.encode(long.completion).length;
    expect(l.dropped).toEqual({ tokens: longTokens - 41, lossTokens: longTokens - 41 });
    expect(l.weights.some((w) => w > 0)).toBe(true);
    expect(f.weights.every((w) => w === 0)).toBe(true);
    const stats = truncationStats([s, l, f]);
    expect(stats).toMatchObject({ examples: 3, truncated: 2, noLoss: 1 });
    expect(truncationWarning(stats, 40, "train")).toContain(
      "2 of 3 train examples are longer than 41 tokens",
    );
    expect(truncationWarning(truncationStats([s]), 40, "train")).toBeUndefined();
  });
});

describe("tunix-rt dataset preview", () => {
  it("shows tokens with the loss-carrying ones apart and reports an over-long example as truncated", async () => {
    const root = makeRepo({
      "traces/t.jsonl": traceLines([
        trace("a-1", { prompt: "What is 2 + 3?", steps: [{ text: "2 + 3 = 5" }], answer: "5" }),
        trace("a-2", { prompt: `A long story: ${"very ".repeat(40)}long. How long?`, answer: "9" }),
        trace("a-3", { prompt: "And 1 + 1?", steps: [{ text: "1 + 1 = 2" }], answer: "2" }),
      ]),
      "datasets/d.yaml": manifestYaml("d", "sources: [traces/t.jsonl]\nsplit:\n  ratios: { train: 1 }"),
    });
    await writeDatasetLock(root, "d");
    const config = tinyConfig({}, { context: 96, tokenizer: { kind: "byte" } });
    const p = await previewDataset(root, { ...config, dataset: { ...config.dataset, name: "d" } }, { n: 3 });
    expect(p.tokenizer).toMatchObject({ kind: "byte", vocabSize: 261, origin: "byte" });
    expect(p.truncation).toEqual({
      examples: 3,
      truncated: 1,
      noLoss: 1,
      droppedTokens: expect.any(Number),
      droppedLossTokens: expect.any(Number),
    });
    const long = p.examples.find((e) => e.id === "a-2");
    expect(long?.dropped?.tokens).toBeGreaterThan(0);
    expect(long?.lossTokens).toBe(0);
    expect(long?.tokens).toHaveLength(97);
    const first = p.examples.find((e) => e.id === "a-1");
    expect(
      first?.tokens
        .filter((t) => t.loss)
        .map((t) => t.text)
        .join(""),
    ).toBe("Reasoning:\n1. 2 + 3 = 5\nAnswer: 5<end_of_turn>");
    expect(first?.tokens[0]).toEqual({ id: tok.bosId, text: "<bos>", loss: false });
    const lines = formatPreview(p);
    expect(lines).toContain(
      "truncated: 1 of 3 examples cut at 97 tokens (0 loss tokens dropped); 1 carry no loss at all".replace(
        "0 loss",
        `${p.truncation.droppedLossTokens} loss`,
      ),
    );
    expect(lines.find((l) => l.startsWith("a-2:"))).toMatch(
      /^a-2: 97 tokens, 0 carry loss, cut: \d+ tokens dropped \(\d+ with loss\)$/,
    );
    expect(lines).toContain(
      "  loss:   R·e·a·s·o·n·i·n·g·:·↵·1·.· ·2· ·+· ·3· ·=· ·5·↵·A·n·s·w·e·r·:· ·5·<end_of_turn>",
    );
  });
});

describe("the trainer", () => {
  const overLong = [
    ...fixtureExamples(6),
    example("long-1", "q".repeat(70), "Answer: 1"),
    example("long-2", "w".repeat(70), "Answer: 2"),
  ];

  it("warns when examples lose their loss to the context length, and reports the counts", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    const warnings: string[] = [];
    const config = tinyConfig({ steps: 1 }, { tokenizer: { kind: "byte" } });
    const s = await trainRun({
      root,
      runDir: "runs/cut",
      config,
      examples: { train: overLong, eval: fixtureExamples(2) },
      tokenizer: tok,
      onWarning: (l) => warnings.push(l),
    });
    expect(s.truncation.maxLength).toBe(64);
    expect(s.truncation.train).toMatchObject({ examples: 8, truncated: 2, noLoss: 2 });
    expect(s.truncation.eval).toMatchObject({ examples: 2, truncated: 0, noLoss: 0 });
    expect(warnings).toEqual([
      expect.stringContaining("2 of 8 train examples are longer than 65 tokens and were cut"),
    ]);
  });

  it("records the counts in run.json", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    const config = tinyConfig({ steps: 1 }, { tokenizer: { kind: "byte" } });
    await trainWithManifest({
      root,
      runId: "cut-1",
      loaded: { config, name: "tiny", configPath: "configs/runs/tiny.yaml" },
      examples: { train: overLong, eval: fixtureExamples(2) },
      tokenizer: tok,
    });
    const run = JSON.parse(readFileSync(path.join(root, "runs/cut-1/run.json"), "utf8"));
    expect(run.truncation).toMatchObject({
      maxLength: 64,
      train: { examples: 8, truncated: 2, noLoss: 2 },
      eval: { examples: 2, truncated: 0 },
    });
  });
});
