// Stable JSON: the same value always gives the same bytes. Keys are sorted, except that
// `schemaVersion` and `id` come first so files stay readable. Used for every file the pipeline
// writes and for content hashes.
import { createHash } from "node:crypto";

const FIRST = ["schemaVersion", "id"];

function orderKeys(keys: string[]): string[] {
  const rest = keys.filter((k) => !FIRST.includes(k)).sort();
  return [...FIRST.filter((k) => keys.includes(k)), ...rest];
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of orderKeys(Object.keys(obj))) {
      if (obj[k] !== undefined) out[k] = normalise(obj[k]);
    }
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

/** JSON with stable key order; `indent` 0 gives one line (JSONL). */
export function stableStringify(value: unknown, indent = 0): string {
  return JSON.stringify(normalise(value), null, indent || undefined);
}

/** sha256 hex of the stable JSON of a value. */
export function hashValue(value: unknown): string {
  return sha256(stableStringify(value));
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
