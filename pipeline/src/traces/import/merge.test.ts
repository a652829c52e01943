import { describe, expect, it } from "vitest";
import type { Trace } from "../../schemas/trace.ts";
import { createMerger } from "./merge.ts";

const trace = (id: string, answer: string, meta?: Record<string, unknown>): Trace => ({
  schemaVersion: 1,
  id,
  source: "m",
  prompt: "How many?",
  steps: [{ text: "Count them." }],
  answer,
  meta,
});

describe("createMerger", () => {
  it("keeps existing order, appends new traces, and skips id and content duplicates", () => {
    const merger = createMerger([{ trace: trace("m:0", "1"), line: 1 }], "traces/m.jsonl");
    expect(merger.add(trace("m:1", "2"), "in:1")).toBe("added");
    expect(merger.add(trace("m:0", "1", { row: 9 }), "in:2")).toBe("duplicate"); // meta is not content
    expect(merger.add(trace("other:5", "2"), "in:3")).toBe("duplicate"); // same content, other id
    expect(merger.add(trace("m:2", "3"), "in:4")).toBe("added");
    expect(merger.traces().map((t) => t.id)).toEqual(["m:0", "m:1", "m:2"]);
    expect(merger.addedCount()).toBe(2);
  });

  it("reports the same id with different content as a conflict naming where the id is used", () => {
    const merger = createMerger([{ trace: trace("m:0", "1"), line: 7 }], "traces/m.jsonl");
    const verdict = merger.add(trace("m:0", "2"), "in:1");
    expect(verdict).toMatchObject({ field: "id" });
    expect(typeof verdict === "object" && verdict.found).toContain("traces/m.jsonl:7");
    expect(merger.add(trace("m:1", "5"), "in:2")).toBe("added");
    expect(typeof merger.add(trace("m:1", "6"), "in:3") === "object").toBe(true);
    expect(merger.traces()).toHaveLength(2);
  });
});
