// Whole-file reads of a run's JSONL state files (predictions, verdicts, metrics) through their
// schemas. Run files are small (hundreds to thousands of rows), so they are read into memory.
import { existsSync } from "node:fs";
import type { z } from "zod";
import { TunixError } from "../errors.ts";
import { issuesToProblems, parseJson } from "./read.ts";
import { readUtf8 } from "./utf8.ts";

export function readJsonlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  displayPath = file,
): z.infer<S>[] {
  if (!existsSync(file))
    throw new TunixError("E_NOT_FOUND", { file: displayPath, message: "file not found" });
  const rows: z.infer<S>[] = [];
  const lines = readUtf8(file, displayPath).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (text.trim() === "") continue;
    const value = parseJson(text, displayPath, i + 1);
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new TunixError(
        "E_SCHEMA",
        issuesToProblems(parsed.error.issues, displayPath, value, undefined, i + 1),
      );
    rows.push(parsed.data);
  }
  return rows;
}
