import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { Trace } from "../../schemas/trace.ts";
import { importTraces } from "./import.ts";
import { MESSAGES_FORMAT } from "./messages.ts";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

function tempRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  mkdirSync(path.join(root, "traces"));
  return root;
}

function readOut(root: string, out: string): Trace[] {
  return readFileSync(path.join(root, out), "utf8")
    .trim()
    .split("\n")
    .map((l) => Trace.parse(JSON.parse(l)));
}

describe("messages format", () => {
  it("imports chat rows: system prefixed, last user turn, completion parsed", async () => {
    const root = tempRepo();
    const out = "traces/chat/tutor.jsonl";
    const report = await importTraces(root, path.join(fixtures, "messages.jsonl"), {
      format: "messages",
      out,
    });
    expect(report).toMatchObject({ read: 6, imported: 6, skipped: 0, source: "chat/tutor" });
    const traces = readOut(root, out);
    expect(traces.map((t) => [t.prompt, t.answer])).toEqual([
      ["You are a careful tutor.\n\nWhat is 3 + 4?", "7"],
      ["How many legs do 2 cats have?", "8"],
      ["What is 10 / 4?", "2.5"],
      ["A box holds 1,000 pins; how many in 2 boxes?", "2000"],
      ["Simplify 2/4.", "\\frac{1}{2}"],
      ["What is 9 - 5?", "4"],
    ]);
    expect(traces[1].steps).toEqual([{ text: "A cat has 4 legs." }, { text: "2 cats have 2*4 = 8 legs." }]);
    expect(traces[3].steps[1]).toEqual({
      text: "Two boxes hold 2*1000 = 2000 pins.",
      kind: "calc",
      calc: [{ expr: "2*1000", result: "2000" }],
    });
    expect(traces.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `chat/tutor:${i}`));
  });

  it("lists every bad row with its line and a reason; writes nothing in strict mode", async () => {
    const root = tempRepo();
    const out = "traces/chat/bad.jsonl";
    const err = await importTraces(root, path.join(fixtures, "messages-bad.jsonl"), {
      format: "messages",
      out,
      label: "messages-bad.jsonl",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunixError);
    const problems = (err as TunixError).problems.filter((p) => p.line !== undefined);
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [1, "messages.1.content"],
      [2, "messages"],
      [3, "messages.1.content"],
      [4, "messages.0.role"],
      [5, "messages"],
    ]);
    expect((err as TunixError).message).toContain(
      "messages-bad.jsonl:1: messages.1.content: expected a trace in the numbered or tagged format",
    );
    expect((err as TunixError).message).toContain("steps are not numbered");
    expect(existsSync(path.join(root, out))).toBe(false);

    const lenient = await importTraces(root, path.join(fixtures, "messages-bad.jsonl"), {
      format: "messages",
      out,
      lenient: true,
    });
    expect(lenient).toMatchObject({ read: 6, imported: 1, skipped: 5 });
    expect(readOut(root, out).map((t) => [t.id, t.answer])).toEqual([["chat/bad:5", "10"]]);
  });

  it.each([
    [
      "no assistant after the user",
      {
        messages: [
          { role: "assistant", content: "Answer: 1" },
          { role: "user", content: "Q?" },
        ],
      },
    ],
    ["content of the wrong type", { messages: [{ role: "user", content: 5 }] }],
    ["non-text content part", { messages: [{ role: "user", content: [{ type: "image", url: "x" }] }] }],
    [
      "empty user turn",
      {
        messages: [
          { role: "user", content: " " },
          { role: "assistant", content: "Answer: 1" },
        ],
      },
    ],
    ["not an object", "hello"],
  ])("rejects a row with %s", (_name, row) => {
    const r = MESSAGES_FORMAT.convertRow(row, { source: "chat/x", row: 0, map: {} });
    expect(r.trace).toBeUndefined();
    expect(r.problems?.length).toBe(1);
  });
});
