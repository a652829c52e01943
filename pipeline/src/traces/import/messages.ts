// Conversational JSONL (Hugging Face / TRL) → traces. A row is `{"messages":[{role, content}, …]}`
// (or TRL's `{"prompt":[…], "completion":[…]}`), content a string or a list of `{type:"text", text}`
// parts. The prompt is the last user turn before the last assistant turn, with any system text
// prefixed; the assistant turn is parsed into steps + answer by `parseCompletion`.
//
//   MESSAGES_FORMAT.convertRow({ messages: [{ role: "user", content: "2+2?" },
//     { role: "assistant", content: "Two plus two is four.\nAnswer: 4" }] }, ctx)

import { describeValue } from "../../errors.ts";
import { parseCompletion } from "./completion.ts";
import { buildCandidate, stepsFromLines } from "./steps.ts";
import type { ImportFormat, RowContext, RowProblem, RowResult } from "./types.ts";

const ROLES = ["system", "user", "assistant"];

interface Turn {
  role: string;
  content: string;
  /** Field path of the turn in the row, for messages. */
  field: string;
}

export const MESSAGES_FORMAT: ImportFormat = Object.freeze({
  name: "messages",
  summary: 'chat rows {"messages":[{role, content}]} (Hugging Face / TRL); the assistant turn is parsed',
  usesMap: false,
  convertRow(value: unknown, ctx: RowContext): RowResult {
    const turns = readTurns(value);
    if ("problem" in turns) return { problems: [turns.problem] };
    const a = turns.findLastIndex((t) => t.role === "assistant");
    const u = turns.findLastIndex((t, i) => t.role === "user" && i < a);
    if (a === -1 || u === -1) {
      return {
        problems: [
          {
            field: "messages",
            expected: "a user turn followed by an assistant turn",
            found: `roles ${turns.map((t) => t.role).join(", ") || "none"}`,
          },
        ],
      };
    }
    const system = turns
      .filter((t, i) => t.role === "system" && i < u)
      .map((t) => t.content.trim())
      .filter((s) => s.length > 0);
    const user = turns[u].content.trim();
    if (user === "")
      return { problems: [{ field: turns[u].field, expected: "a non-empty question", found: '""' }] };
    const completion = parseCompletion(turns[a].content);
    if ("problem" in completion) return { problems: [{ field: turns[a].field, ...completion.problem }] };
    const steps = stepsFromLines(completion.steps, turns[a].field, { stripNumbering: true });
    if (steps.problem) return { problems: [steps.problem] };
    return {
      trace: buildCandidate({
        source: ctx.source,
        row: ctx.row,
        prompt: [...system, user].join("\n\n"),
        steps: steps.steps,
        answer: completion.answer,
      }),
    };
  },
});

function readTurns(value: unknown): Turn[] | { problem: RowProblem } {
  const row = (value !== null && typeof value === "object" && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >;
  let list: { field: string; item: unknown }[];
  if (Array.isArray(row.messages)) {
    list = row.messages.map((item, i) => ({ field: `messages.${i}`, item }));
  } else if (Array.isArray(row.prompt) && Array.isArray(row.completion)) {
    list = [
      ...row.prompt.map((item, i) => ({ field: `prompt.${i}`, item })),
      ...row.completion.map((item, i) => ({ field: `completion.${i}`, item })),
    ];
  } else {
    return {
      problem: {
        field: "messages",
        expected: 'an array of {role, content} (or TRL "prompt" and "completion" arrays)',
        found: describeValue(row.messages ?? value),
        hint: "use --format jsonl --map … for rows that are not chat messages",
      },
    };
  }
  const turns: Turn[] = [];
  for (const { field, item } of list) {
    const m = (item ?? {}) as { role?: unknown; content?: unknown };
    if (typeof m.role !== "string" || !ROLES.includes(m.role)) {
      return {
        problem: { field: `${field}.role`, expected: ROLES.join(" | "), found: describeValue(m.role) },
      };
    }
    const content = textOf(m.content);
    if (content === undefined) {
      return {
        problem: {
          field: `${field}.content`,
          expected: 'a string or a list of {type: "text", text}',
          found: describeValue(m.content),
        },
      };
    }
    turns.push({ role: m.role, content, field: `${field}.content` });
  }
  return turns;
}

function textOf(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const part of content) {
    const p = (part ?? {}) as { type?: unknown; text?: unknown };
    if (p.type !== "text" || typeof p.text !== "string") return undefined;
    parts.push(p.text);
  }
  return parts.join("");
}
