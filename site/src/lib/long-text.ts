// Long text on the site: traces have size limits (content/docs/limits-and-safety.md), but a page
// shows at most SITE_TEXT_MAX_CHARS of any one text and links to the raw record for the rest, so a
// long prompt or generation never makes a multi-megabyte page.
//
//   const { shown, more } = shorten(trace.prompt);           // more: characters left out (0 when none)
//   rawTraceHref(trace.id)                                   // traces/raw/<key>.json, the whole trace
import { createHash } from "node:crypto";
import type { Trace } from "../../../pipeline/src/schemas/trace.ts";
import { href } from "./root.ts";

export const SITE_TEXT_MAX_CHARS = 2_000;

export function shorten(text: string, max = SITE_TEXT_MAX_CHARS): { shown: string; more: number } {
  return text.length > max
    ? { shown: `${text.slice(0, max)}…`, more: text.length - max }
    : { shown: text, more: 0 };
}

/** Does the trace hold a text the page shortens (so it gets a raw record)? */
export function isLongTrace(t: Trace, max = SITE_TEXT_MAX_CHARS): boolean {
  return t.prompt.length > max || t.answer.length > max || t.steps.some((s) => s.text.length > max);
}

/** File-name-safe key of a trace id (ids may hold `/` and `:`). */
export function rawTraceKey(id: string): string {
  return createHash("sha256").update(id).digest("hex").slice(0, 16);
}

export function rawTraceHref(id: string): string {
  return href(`traces/raw/${rawTraceKey(id)}.json`);
}
