// Generic JSONL rows → traces through a field mapping (`--map prompt=question,answer=final,steps=solution`).
// Paths may be dotted for nested fields (`meta.q`, `turns.0.text`). Every mapped field must exist in
// every row (optional ones may be null = none). Defaults: prompt=prompt, answer=answer, steps=steps;
// `steps=` (empty) imports without steps. Steps are an array of strings (or of {text, kind}) or one
// newline-separated string; a mapped id becomes `<source>:<value>`.
//
//   const map = parseFieldMap("prompt=q,answer=a.final,steps=sol");
//   JSONL_FORMAT.convertRow({ q: "…", a: { final: 4 }, sol: ["2+2=4"] }, { source, row: 0, map })

import { describeValue, TunixError } from "../../errors.ts";
import { valueAt } from "../../io/read.ts";
import type { TraceStep } from "../../schemas/trace.ts";
import { buildCandidate, makeTraceId, normaliseAnswer, stepsFromLines, stepsFromText } from "./steps.ts";
import {
  type FieldMap,
  type ImportFormat,
  MAP_KEYS,
  type MapKey,
  type RowContext,
  type RowProblem,
  type RowResult,
} from "./types.ts";

export const DEFAULT_FIELD_MAP: Readonly<FieldMap> = Object.freeze({
  prompt: "prompt",
  answer: "answer",
  steps: "steps",
});

/** Parse `key=path,key=path` over the defaults; unknown keys and a missing prompt/answer are usage errors. */
export function parseFieldMap(spec: string | undefined): FieldMap {
  const map: FieldMap = { ...DEFAULT_FIELD_MAP };
  for (const pair of (spec ?? "").split(",").filter((p) => p.trim() !== "")) {
    const eq = pair.indexOf("=");
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    if (eq === -1 || !(MAP_KEYS as readonly string[]).includes(key)) {
      throw new TunixError("E_USAGE", {
        field: "--map",
        expected: `key=path pairs with keys ${MAP_KEYS.join(", ")}`,
        found: JSON.stringify(pair),
        hint: "e.g. --map prompt=question,answer=final,steps=solution",
      });
    }
    const p = pair.slice(eq + 1).trim();
    if (p === "") delete map[key as MapKey];
    else map[key as MapKey] = p;
  }
  for (const key of ["prompt", "answer"] as const) {
    if (!map[key])
      throw new TunixError("E_USAGE", { field: "--map", expected: `a path for ${key}`, found: "none" });
  }
  return map;
}

export const JSONL_FORMAT: ImportFormat = Object.freeze({
  name: "jsonl",
  summary: "any JSON object per line, fields chosen with --map (dotted paths allowed)",
  usesMap: true,
  convertRow(value: unknown, ctx: RowContext): RowResult {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { problems: [{ field: "(root)", expected: "a JSON object", found: describeValue(value) }] };
    }
    const problems: RowProblem[] = [];
    const get = (key: MapKey): unknown => {
      const p = ctx.map[key];
      if (!p) return undefined;
      const v = valueAt(value, p.split("."));
      if (v === undefined) {
        problems.push({
          field: p,
          expected: `a value for ${key}`,
          found: "nothing",
          hint: `check --map ${key}=${p}${key === "steps" ? " (or pass --map steps= to import without steps)" : ""}`,
        });
      }
      return v;
    };
    const bad = (key: MapKey, expected: string, v: unknown) =>
      problems.push({ field: ctx.map[key] ?? key, expected, found: describeValue(v) });

    const prompt = get("prompt");
    if (prompt !== undefined && (typeof prompt !== "string" || prompt.trim() === ""))
      bad("prompt", "a non-empty string", prompt);
    const rawAnswer = get("answer");
    const answer =
      typeof rawAnswer === "string" || (typeof rawAnswer === "number" && Number.isFinite(rawAnswer))
        ? normaliseAnswer(String(rawAnswer))
        : undefined;
    if (rawAnswer !== undefined && !answer) bad("answer", "a non-empty string or a number", rawAnswer);
    const steps = readSteps(ctx.map.steps ? get("steps") : [], ctx.map.steps ?? "steps", problems);
    const id = get("id");
    if (id !== undefined && id !== null && typeof id !== "string" && typeof id !== "number")
      bad("id", "a string or number", id);
    const category = get("category");
    if (category !== undefined && category !== null && typeof category !== "string")
      bad("category", "a string", category);
    const difficulty = readDifficulty(get("difficulty"), (v) => bad("difficulty", "an integer 1..10", v));
    const tags = readTags(get("tags"), (v) =>
      bad("tags", "an array of strings or a comma-separated string", v),
    );
    if (problems.length) return { problems };
    return {
      trace: buildCandidate({
        source: ctx.source,
        row: ctx.row,
        id: id === undefined || id === null ? undefined : makeTraceId(ctx.source, id as string | number),
        prompt: (prompt as string).trim(),
        steps: steps ?? [],
        answer: answer as string,
        category: typeof category === "string" ? category.trim() : undefined,
        difficulty,
        tags,
      }),
    };
  },
});

function readSteps(v: unknown, field: string, problems: RowProblem[]): TraceStep[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") {
    const r = stepsFromText(v, field);
    if (r.problem) problems.push(r.problem);
    return r.problem ? undefined : r.steps;
  }
  if (!Array.isArray(v)) {
    problems.push({
      field,
      expected: "an array of steps or a newline-separated string",
      found: describeValue(v),
    });
    return undefined;
  }
  const steps: TraceStep[] = [];
  for (const [i, item] of v.entries()) {
    const text = typeof item === "string" ? item : (item as { text?: unknown } | null)?.text;
    if (typeof text !== "string" || text.trim() === "") {
      problems.push({
        field: `${field}.${i}`,
        expected: "a non-empty string (or {text})",
        found: describeValue(item),
      });
      return undefined;
    }
    const r = stepsFromLines([text.trim()], `${field}.${i}`);
    if (r.problem) {
      problems.push(r.problem);
      return undefined;
    }
    // An object step keeps its own kind/calc; a string step gets them from its annotations.
    steps.push(typeof item === "string" ? r.steps[0] : { ...(item as TraceStep), text: text.trim() });
  }
  return steps;
}

function readDifficulty(v: unknown, onBad: (v: unknown) => void): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 10) {
    onBad(v);
    return undefined;
  }
  return n;
}

function readTags(v: unknown, onBad: (v: unknown) => void): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = typeof v === "string" ? v.split(",") : v;
  if (!Array.isArray(list) || list.some((t) => typeof t !== "string")) {
    onBad(v);
    return undefined;
  }
  const tags = (list as string[]).map((t) => t.trim()).filter((t) => t.length > 0);
  return tags.length ? tags : undefined;
}
