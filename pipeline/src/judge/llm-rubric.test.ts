import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { VerdictRow } from "../schemas/rows.ts";
import { LLM_CACHE_FILE } from "./llm-cache.ts";
import { buildRubricRequest, llmRubricJudge, parseRubricVerdict } from "./llm-rubric.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A local OpenAI-compatible server: answers with `reply(body)`, records every request. */
let server: Server;
let url: string;
const seen: {
  path: string;
  auth: string | undefined;
  body: { model: string; messages: { content: string }[] };
}[] = [];
let reply: (prompt: string) => { status: number; content: string } = () => ({ status: 200, content: "{}" });

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw);
    seen.push({ path: req.url ?? "", auth: req.headers.authorization, body });
    const r = reply(body.messages[0].content);
    res.writeHead(r.status, { "content-type": "application/json" });
    res.end(
      r.status === 200
        ? JSON.stringify({ choices: [{ message: { role: "assistant", content: r.content } }] })
        : r.content,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const item = (id: string, prediction: string) => ({
  id,
  prediction,
  gold: "#### 18",
  prompt: "Janet sells eggs. How much?",
});

describe("llm-rubric@1", () => {
  it("grades through the endpoint, caches the answer in the run folder, and re-judges offline", async () => {
    const runDir = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    reply = (prompt) =>
      prompt.includes("= 18")
        ? { status: 200, content: '{"score": 1, "correct": true, "reason": "right"}' }
        : { status: 200, content: ' {"score": 0, "correct": false, "reason": "wrong total"}\n' };
    const env = { TUNIX_RT_LLM_URL: url, TUNIX_RT_LLM_MODEL: "tiny-grader", TUNIX_RT_LLM_KEY: "k-123" };
    const good = await llmRubricJudge.judgeAsync!(item("a", "9 * 2 = 18"), { root: ROOT, runDir, env });
    const bad = await llmRubricJudge.judgeAsync!(item("b", "9 * 2 = 19"), { root: ROOT, runDir, env });
    expect(VerdictRow.parse(good)).toEqual(good);
    expect(good).toMatchObject({
      correct: true,
      rule: "rubric:reasoning@1",
      comparison: "llm",
      details: { score: 1, reason: "right", model: "tiny-grader" },
    });
    expect(bad).toMatchObject({ correct: false, details: { score: 0, reason: "wrong total" } });
    expect(seen.at(-1)).toMatchObject({
      path: "/v1/chat/completions",
      auth: "Bearer k-123",
      body: { model: "tiny-grader" },
    });
    expect(seen.at(-1)?.body.messages[0].content).toContain("Janet sells eggs. How much?");

    const cache = readFileSync(path.join(runDir, LLM_CACHE_FILE), "utf8").trim().split("\n");
    expect(cache).toHaveLength(2);
    expect(cache.join("\n")).not.toContain("k-123");

    // Offline: no endpoint, no model in the environment — the cache answers, byte for byte the same.
    const before = seen.length;
    const again = await llmRubricJudge.judgeAsync!(item("a", "9 * 2 = 18"), { root: ROOT, runDir, env: {} });
    expect(again).toEqual(good);
    expect(seen.length).toBe(before);
  });

  it("gives an invalid-response verdict with a clear error for a non-JSON or ill-shaped reply", async () => {
    const runDir = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    const env = { TUNIX_RT_LLM_URL: `${url}/chat/completions`, TUNIX_RT_LLM_MODEL: "m" };
    reply = () => ({ status: 200, content: "Sure! The answer looks correct." });
    const v = await llmRubricJudge.judgeAsync!(item("c", "x"), { root: ROOT, runDir, env });
    expect(v).toMatchObject({ correct: false, rule: "invalid-response" });
    expect(String(v.details.error)).toContain('{"score": 0-1, "correct": true|false, "reason": "…"}');
    reply = () => ({ status: 200, content: '{"score": 2, "correct": true, "reason": "x"}' });
    const w = await llmRubricJudge.judgeAsync!(item("d", "y"), { root: ROOT, runDir, env });
    expect(w.rule).toBe("invalid-response");
    expect(String(w.details.error)).toContain("score");
  });

  it("fails loudly on HTTP errors and when an uncached item has no endpoint", async () => {
    const runDir = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
    reply = () => ({ status: 500, content: "overloaded" });
    const env = { TUNIX_RT_LLM_URL: url, TUNIX_RT_LLM_MODEL: "m" };
    await expect(llmRubricJudge.judgeAsync!(item("e", "z"), { root: ROOT, runDir, env })).rejects.toThrow(
      /answered 500/,
    );
    await expect(
      llmRubricJudge.judgeAsync!(item("e", "z"), { root: ROOT, runDir, env: { TUNIX_RT_LLM_MODEL: "m" } }),
    ).rejects.toThrow(/TUNIX_RT_LLM_URL/);
    await expect(llmRubricJudge.judgeAsync!(item("e", "z"), { root: ROOT, env })).rejects.toThrow(TunixError);
  });

  it.each([
    ['{"score": 0.5, "correct": true, "reason": "ok"}', { score: 0.5, correct: true, reason: "ok" }],
    ['  {"reason": "r", "correct": false, "score": 0}  ', { score: 0, correct: false, reason: "r" }],
  ])("parses %j strictly", (text, want) => {
    expect(parseRubricVerdict(text)).toEqual(want);
  });

  it.each([
    '```json\n{"score": 1, "correct": true, "reason": "x"}\n```',
    '{"score": "1", "correct": true, "reason": "x"}',
    '{"score": 1, "correct": "yes", "reason": "x"}',
    '{"score": 1, "correct": true}',
    '{"score": 1, "correct": true, "reason": "x", "extra": 1}',
    "[]",
    "",
  ])("rejects %j", (text) => {
    expect(() => parseRubricVerdict(text)).toThrow(TunixError);
  });

  it("fills the rubric's placeholders", () => {
    const r = buildRubricRequest("Q={{question}} G={{gold}} P={{prediction}}", item("f", "pred"), "m");
    expect(r).toEqual({
      model: "m",
      temperature: 0,
      messages: [{ role: "user", content: "Q=Janet sells eggs. How much? G=#### 18 P=pred" }],
    });
  });
});
