// Streaming reader of trace files: yields each valid trace with its file and line, and reports
// every bad line (bad JSON, schema errors, unknown keys) as a Problem. Bounded memory.
import path from "node:path";
import type { Problem } from "../errors.ts";
import { Trace } from "../schemas/trace.ts";
import { readJsonl } from "./lines.ts";
import { issuesToProblems } from "./read.ts";

export interface TraceAt {
  trace: Trace;
  /** Repository-relative file. */
  file: string;
  line: number;
}

/** Read traces from repo-relative files in order. `onProblem` receives each bad line. */
export async function* readTraces(
  root: string,
  files: string[],
  onProblem: (p: Problem) => void,
): AsyncGenerator<TraceAt> {
  for (const file of files) {
    for await (const row of readJsonl(path.join(root, file))) {
      if (row.error !== undefined) {
        onProblem({
          file,
          line: row.line,
          message: `invalid JSON: ${row.error}`,
          hint: "each line must be one JSON object",
        });
        continue;
      }
      const parsed = Trace.safeParse(row.value);
      if (!parsed.success) {
        for (const p of issuesToProblems(parsed.error.issues, file, row.value, undefined, row.line))
          onProblem(p);
        continue;
      }
      yield { trace: parsed.data, file, line: row.line };
    }
  }
}
