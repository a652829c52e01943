// The contract between the import driver (import.ts) and one input format (gsm8k.ts, jsonl-map.ts,
// messages.ts). A format turns one parsed JSON row into a candidate trace, or into problems that
// say why the row cannot be imported. The driver adds file and line, checks the candidate against
// the Trace schema, merges and writes.
//
//   const result = GSM8K_FORMAT.convertRow(row, { source: "gsm8k/train", row: 0, map: {} });
//   if (result.problems) …; else result.trace

import type { Problem } from "../../errors.ts";

/** Trace fields `--map` can name (jsonl-map.ts reads them). */
export const MAP_KEYS = ["prompt", "answer", "steps", "id", "category", "difficulty", "tags"] as const;
export type MapKey = (typeof MAP_KEYS)[number];
/** Trace field → dotted path in the input row. */
export type FieldMap = Partial<Record<MapKey, string>>;

/** A problem of one row; the driver fills in `file` and `line`. */
export type RowProblem = Omit<Problem, "file" | "line">;

export interface RowContext {
  /** Provenance written into every trace, e.g. `gsm8k/train`. */
  source: string;
  /** 0-based index of the row among the non-blank lines of the input. */
  row: number;
  /** Field mapping (`--map`); only the `jsonl` format reads it. */
  map: FieldMap;
}

/** A trace before schema validation (the driver parses it with the Trace schema). */
export type CandidateTrace = Record<string, unknown>;

export type RowResult =
  | { trace: CandidateTrace; problems?: undefined }
  | { problems: RowProblem[]; trace?: undefined };

export interface ImportFormat {
  /** Registry key, as given to `--format`. */
  name: string;
  summary: string;
  /** Does this format read `--map`? */
  usesMap: boolean;
  convertRow(value: unknown, ctx: RowContext): RowResult;
}
