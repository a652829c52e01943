// `llm-rubric@1` (optional, not in the default judge list): an LLM grades the reasoning with the
// versioned rubric prompt `configs/rubrics/reasoning@1.md`, over any OpenAI-compatible
// `/chat/completions` endpoint. Configuration from the environment:
//   TUNIX_RT_LLM_URL    base URL, e.g. `http://127.0.0.1:8080/v1` (or the full …/chat/completions URL)
//   TUNIX_RT_LLM_MODEL  model name (offline, the one model of the run's cache is used when unset)
//   TUNIX_RT_LLM_KEY    bearer token (optional; never cached, never logged)
// Answers are cached in `runs/<id>/llm-cache.jsonl` (llm-cache.ts), so re-judging is offline and
// reproducible. The answer must be exactly one JSON object `{"score": 0-1, "correct": bool,
// "reason": str}`; anything else gives an incorrect verdict with rule `invalid-response` and the error.
//
//   await JUDGES["llm-rubric@1"].judgeAsync!(item, { runDir: "runs/r1", root })
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { describeValue, TunixError } from "../errors.ts";
import { hashValue } from "../io/json.ts";
import { findRoot } from "../io/repo.ts";
import { LLM_CACHE_FILE, openLlmCache } from "./llm-cache.ts";
import { type Judge, type JudgeContext, type JudgeItem, verdict } from "./types.ts";

export const LLM_RUBRIC = "llm-rubric@1";
export const RUBRIC = "reasoning@1";
const TIMEOUT_MS = 120_000;

export const RubricVerdict = z.strictObject({
  score: z.number().min(0).max(1),
  correct: z.boolean(),
  reason: z.string(),
});
export type RubricVerdict = z.infer<typeof RubricVerdict>;

const EXPECTED = 'one JSON object {"score": 0-1, "correct": true|false, "reason": "…"} and nothing else';

/** Strictly parse the model's reply; a TunixError saying what was expected and found otherwise. */
export function parseRubricVerdict(content: string): RubricVerdict {
  let value: unknown;
  try {
    value = JSON.parse(content.trim());
  } catch {
    throw new TunixError("E_SCHEMA", {
      field: "llm reply",
      expected: EXPECTED,
      found: describeValue(content, 120),
    });
  }
  const parsed = RubricVerdict.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TunixError("E_SCHEMA", {
      field: `llm reply${issue.path.length ? `.${issue.path.join(".")}` : ""}`,
      expected: EXPECTED,
      found: `${describeValue(value, 120)} (${issue.message})`,
    });
  }
  return parsed.data;
}

/** The chat request for an item: the rubric with {{question}}, {{gold}} and {{prediction}} filled in. */
export function buildRubricRequest(rubricText: string, item: JudgeItem, model: string) {
  const fill: Record<string, string> = {
    question: item.prompt ?? "",
    gold: item.gold,
    prediction: item.prediction,
  };
  const content = rubricText.replace(/\{\{(question|gold|prediction)\}\}/g, (_, k: string) => fill[k]);
  return { model, messages: [{ role: "user", content }], temperature: 0 };
}

export const llmRubricJudge: Judge = {
  name: "llm-rubric",
  version: 1,
  description: `An OpenAI-compatible LLM grades reasoning and answer with configs/rubrics/${RUBRIC}.md; answers cached in the run folder.`,
  judgeAsync: judgeWithRubric,
};

async function judgeWithRubric(item: JudgeItem, ctx: JudgeContext) {
  const env = ctx.env ?? process.env;
  const root = ctx.root ?? findRoot();
  if (!ctx.runDir) {
    throw new TunixError("E_USAGE", {
      message: `${LLM_RUBRIC} needs a run folder for its cache`,
      hint: "judge a run: tunix-rt judge runs/<id>",
    });
  }
  const cacheFile = path.join(path.resolve(root, ctx.runDir), LLM_CACHE_FILE);
  const cache = openLlmCache(cacheFile, path.relative(root, cacheFile).split(path.sep).join("/"));
  const model = env.TUNIX_RT_LLM_MODEL || cache.soleModel();
  if (!model) {
    throw new TunixError("E_USAGE", {
      message: `${LLM_RUBRIC}: no model`,
      hint: "set TUNIX_RT_LLM_MODEL (and TUNIX_RT_LLM_URL)",
    });
  }
  const request = buildRubricRequest(readRubric(root), item, model);
  const key = hashValue(request);
  const cached = cache.get(key);
  const content = cached ? cached.content : await postChat(env, request, item.id);
  if (!cached) cache.put({ key, id: item.id, model, rubric: RUBRIC, content });
  const base = { extracted: null, gold: null, comparison: "llm" };
  try {
    const v = parseRubricVerdict(content);
    return verdict(LLM_RUBRIC, item, {
      ...base,
      correct: v.correct,
      rule: `rubric:${RUBRIC}`,
      details: { score: v.score, reason: v.reason, model },
    });
  } catch (e) {
    if (!(e instanceof TunixError)) throw e;
    return verdict(LLM_RUBRIC, item, {
      ...base,
      correct: false,
      rule: "invalid-response",
      details: { error: e.message, model },
    });
  }
}

const RUBRIC_TEXT = new Map<string, string>();

function readRubric(root: string): string {
  const file = path.join(root, "configs", "rubrics", `${RUBRIC}.md`);
  try {
    const text = RUBRIC_TEXT.get(file) ?? readFileSync(file, "utf8");
    RUBRIC_TEXT.set(file, text);
    return text;
  } catch {
    throw new TunixError("E_NOT_FOUND", {
      file: `configs/rubrics/${RUBRIC}.md`,
      message: "rubric prompt not found",
    });
  }
}

async function postChat(
  env: Record<string, string | undefined>,
  request: object,
  id: string,
): Promise<string> {
  const base = env.TUNIX_RT_LLM_URL;
  if (!base) {
    throw new TunixError("E_USAGE", {
      message: `${LLM_RUBRIC}: item ${id} is not in the run's ${LLM_CACHE_FILE} and no endpoint is configured`,
      hint: "set TUNIX_RT_LLM_URL (an OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1) and TUNIX_RT_LLM_MODEL",
    });
  }
  const url = /\/chat\/completions\/?$/.test(base) ? base : `${base.replace(/\/+$/, "")}/chat/completions`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (env.TUNIX_RT_LLM_KEY) headers.authorization = `Bearer ${env.TUNIX_RT_LLM_KEY}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new TunixError("E_STATE", {
      message: `${LLM_RUBRIC}: request to ${url} failed: ${(err as Error).message}`,
      hint: "check TUNIX_RT_LLM_URL and that the server is up",
    });
  }
  const text = await res.text();
  if (!res.ok) {
    throw new TunixError("E_STATE", {
      message: `${LLM_RUBRIC}: ${url} answered ${res.status}`,
      found: describeValue(text, 200),
      hint: "check the model name and the key",
    });
  }
  let content: unknown;
  try {
    content = (JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message
      ?.content;
  } catch {
    content = undefined;
  }
  if (typeof content !== "string") {
    throw new TunixError("E_STATE", {
      message: `${LLM_RUBRIC}: ${url} did not answer like /chat/completions`,
      expected: "choices[0].message.content",
      found: describeValue(text, 200),
    });
  }
  return content;
}
