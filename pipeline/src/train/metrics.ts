// `runs/<id>/metrics.jsonl`: one MetricsRow per line, appended whole (one write per line), so a
// crash loses at most the row being written. On resume, rows beyond the checkpoint step are cut
// (rewritten atomically), so the file always matches the weights it belongs to.
//
//   appendMetricsRow(file, row);  truncateMetrics(file, step);  readMetrics(file)
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { stableStringify } from "../io/json.ts";
import { MetricsRow } from "../schemas/rows.ts";

export function appendMetricsRow(file: string, row: MetricsRow): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${stableStringify(MetricsRow.parse(row))}\n`);
}

export function readMetrics(file: string): MetricsRow[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => MetricsRow.parse(JSON.parse(l)));
}

/** Keep rows with step ≤ `step`; with step 0 the file becomes empty. */
export function truncateMetrics(file: string, step: number): void {
  const kept = readMetrics(file).filter((r) => r.step <= step);
  writeFileAtomic(file, kept.map((r) => `${stableStringify(r)}\n`).join(""));
}
