// The canonical content hash of a trace: sha256 of the stable JSON of its content fields (prompt,
// steps, answer, category, difficulty, tags). `id`, `source` and `meta` are not content, so the
// same question imported twice from two places hashes the same and is caught as a duplicate.
import { hashValue } from "../io/json.ts";
import type { Trace } from "../schemas/trace.ts";

export function traceContentHash(t: Trace): string {
  return hashValue({
    prompt: t.prompt,
    steps: t.steps,
    answer: t.answer,
    category: t.category,
    difficulty: t.difficulty,
    tags: t.tags,
  });
}

/** The 16-hex prefix stored in dataset locks. */
export function shortHash(t: Trace): string {
  return traceContentHash(t).slice(0, 16);
}
