// `tunix-rt dataset stats` as text: per split, the counts by source, category, difficulty and step
// count (with shares) and the length stats, as aligned plain-text tables.
//
//   for (const line of formatStatsTables(lock)) console.log(line);
import type { DatasetLock, LengthStats, SplitStats } from "../schemas/lock.ts";

const LENGTHS: [keyof SplitStats, string][] = [
  ["promptChars", "prompt chars"],
  ["completionChars", "completion chars"],
  ["promptTokens", "prompt tokens"],
  ["completionTokens", "completion tokens"],
];

export function formatStatsTables(lock: DatasetLock): string[] {
  const names = Object.keys(lock.stats).sort();
  const total = names.reduce((n, s) => n + lock.stats[s].count, 0);
  const lines = [
    `dataset ${lock.name}: ${total} traces in ${names.length} split(s), seed ${lock.seed}, ` +
      `${lock.candidates} candidates, ${lock.duplicates} duplicates dropped`,
  ];
  for (const split of names) {
    const s = lock.stats[split];
    lines.push("", `${split}: ${s.count} traces`);
    for (const [title, rec] of [
      ["source", s.bySource],
      ["category", s.byCategory],
      ["difficulty", s.byDifficulty],
      ["steps", s.steps],
    ] as const) {
      const rows = sortLabels(Object.keys(rec)).map((k) => [k, String(rec[k]), share(rec[k], s.count)]);
      lines.push(...indent(alignTable([title, "count", "share"], rows, ["l", "r", "r"])));
    }
    const lengthRows = LENGTHS.map(([key, label]) => {
      const l = s[key] as LengthStats;
      return [label, ...[l.min, l.p50, l.p90, l.max, l.mean].map(String)];
    });
    lines.push(
      ...indent(
        alignTable(["length", "min", "p50", "p90", "max", "mean"], lengthRows, [
          "l",
          "r",
          "r",
          "r",
          "r",
          "r",
        ]),
      ),
    );
  }
  return lines;
}

/** Rows of cells padded to column widths; `align` per column. */
export function alignTable(header: string[], rows: string[][], align: ("l" | "r")[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  return all.map((r) =>
    r
      .map((cell, c) => (align[c] === "r" ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd(),
  );
}

/** Numbers in numeric order, then other labels in code-unit order (`(none)` sorts among those). */
export function sortLabels(keys: string[]): string[] {
  const isNum = (k: string) => /^\d+$/.test(k);
  return keys.slice().sort((a, b) => {
    if (isNum(a) && isNum(b)) return Number(a) - Number(b);
    if (isNum(a) !== isNum(b)) return isNum(a) ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function share(n: number, total: number): string {
  return total === 0 ? "-" : `${((100 * n) / total).toFixed(1)}%`;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
