// The LLM response cache of a run: `runs/<id>/llm-cache.jsonl`, one line per distinct request, keyed
// by the sha256 of the request's stable JSON (model, messages, temperature — never the key or URL).
// Re-judging reads answers from here, so it is reproducible offline and costs nothing. Lines are
// appended one at a time, so an interrupted judging run keeps every answer it already paid for.
//
//   const cache = openLlmCache(path.join(runDir, "llm-cache.jsonl"), "runs/r1/llm-cache.jsonl");
//   cache.get(key) ?? cache.put({ key, model, rubric, id, content });
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { stableStringify } from "../io/json.ts";
import { issuesToProblems } from "../io/read.ts";
import { LlmCacheRow } from "../schemas/judging.ts";

export const LLM_CACHE_FILE = "llm-cache.jsonl";

export { LlmCacheRow };

export interface LlmCache {
  get(key: string): LlmCacheRow | undefined;
  put(row: Omit<LlmCacheRow, "schemaVersion">): LlmCacheRow;
  /** The one model every cached row names, or undefined (none, or several). */
  soleModel(): string | undefined;
}

const OPEN = new Map<string, LlmCache>();

/** Open (once per process and file) the cache at `file`; `display` names it in errors. */
export function openLlmCache(file: string, display = file): LlmCache {
  const resolved = path.resolve(file);
  const open = OPEN.get(resolved);
  if (open) return open;
  const rows = new Map<string, LlmCacheRow>();
  if (existsSync(resolved)) {
    const lines = readFileSync(resolved, "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === "") continue;
      rows.set(...parseLine(lines[i], display, i + 1));
    }
  }
  const cache: LlmCache = {
    get: (key) => rows.get(key),
    put(entry) {
      const row: LlmCacheRow = { schemaVersion: 1, ...entry };
      mkdirSync(path.dirname(resolved), { recursive: true });
      appendFileSync(resolved, `${stableStringify(row)}\n`);
      rows.set(row.key, row);
      return row;
    },
    soleModel() {
      const models = new Set([...rows.values()].map((r) => r.model));
      return models.size === 1 ? [...models][0] : undefined;
    },
  };
  OPEN.set(resolved, cache);
  return cache;
}

function parseLine(text: string, file: string, line: number): [string, LlmCacheRow] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TunixError("E_JSON", {
      file,
      line,
      message: `invalid JSON: ${(err as Error).message}`,
      hint: "delete this line (an interrupted write); its request is sent again on the next judging",
    });
  }
  const parsed = LlmCacheRow.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, file, value, undefined, line));
  return [parsed.data.key, parsed.data];
}
