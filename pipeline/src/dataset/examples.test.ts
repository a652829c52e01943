import { afterAll, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { writeDatasetLock } from "./build.ts";
import { loadExamples } from "./examples.ts";
import { exportDataset } from "./export.ts";
import { makeRepo, manifestYaml, removeRepos, trace, traceLines, writeFiles } from "./test-kit.ts";

afterAll(removeRepos);

const traces = Array.from({ length: 12 }, (_, i) => trace(`e-${String(i).padStart(2, "0")}`));

async function repo(format = "") {
  const root = makeRepo({
    "traces/a.jsonl": traceLines(traces),
    "datasets/d.yaml": manifestYaml(
      "d",
      `sources: [traces/*.jsonl]\nsplit: {ratios: {train: 3, eval: 1}}\n${format}`,
    ),
  });
  const lock = await writeDatasetLock(root, "d");
  return { root, lock };
}

describe("loadExamples", () => {
  it("returns the locked traces of a split, in lock order, rendered with the chat template", async () => {
    const { root, lock } = await repo("format: {system: Be exact.}");
    const eval_ = await loadExamples(root, "d", "eval");
    expect(eval_.map((e) => e.id)).toEqual(lock.splits.eval.map((e) => e.id));
    const e = eval_[0];
    expect(e.prompt).toBe(
      `<start_of_turn>user\nBe exact.\n\n${e.trace.prompt}<end_of_turn>\n<start_of_turn>model\n`,
    );
    expect(e.completion).toBe(`Reasoning:\n1. Think.\n2. Conclude ${e.id}.\nAnswer: 1<end_of_turn>`);
  });

  it("renders another trace format on request", async () => {
    const { root } = await repo();
    const [e] = await loadExamples(root, "d", "train", { traceFormat: "tagged" });
    expect(e.completion).toBe(
      `<reasoning>\n1. Think.\n2. Conclude ${e.id}.\n</reasoning>\n<answer>1</answer><end_of_turn>`,
    );
  });

  it("refuses a stale lock, naming the dataset and the command that fixes it", async () => {
    const { root } = await repo();
    writeFiles(root, { "traces/a.jsonl": traceLines([...traces, trace("e-99")]) });
    const err = await loadExamples(root, "d", "train").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).code).toBe("E_STALE");
    expect((err as TunixError).message).toContain("datasets/d.lock.json: dataset d: lock is stale");
    expect((err as TunixError).message).toContain("(run: tunix-rt dataset build d)");
  });

  it("names the splits when asked for one that does not exist", async () => {
    const { root } = await repo();
    await expect(loadExamples(root, "d", "test")).rejects.toThrow(
      'datasets/d.lock.json: splits: expected a split of dataset d: eval, train, found "test"',
    );
  });
});

describe("exportDataset", () => {
  it("writes the same lines twice and rejects unknown formats", async () => {
    const { root } = await repo();
    const a = await exportDataset(root, "d", "train", "messages");
    expect(await exportDataset(root, "d", "train", "messages")).toEqual(a);
    expect(a).toHaveLength(9);
    expect(JSON.parse(a[0]).messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    await expect(exportDataset(root, "d", "train", "csv")).rejects.toThrow(
      '--format: expected chat | messages | prompt-completion | trace, found "csv"',
    );
    await expect(exportDataset(root, "d", "train", "chat", { traceFormat: "xml" })).rejects.toThrow(
      'format.trace: expected numbered | tagged, found "xml"',
    );
  });
});
