// Errors about a sweep's parameter paths, named where the user wrote them: a problem that
// `loadRunConfig` reports against a `--set` of a trial becomes a problem at the sweep file's line of
// that path (`space.training.lrr: expected a path of the run config, found unknown key "lrr" (did
// you mean training.lr?)`). Paths the sweep itself sets (`name`, `tags`) cannot be searched.
//
//   checkPaths(sweep, file, lineOf);   // throws before any trial is resolved
//   remapProblems(err.problems, sweep, file, lineOf, baseConfig, "t003", params);
import { describeValue, type Problem, TunixError } from "../errors.ts";
import type { RunConfig } from "../schemas/config.ts";
import type { SweepConfig } from "../schemas/sweep.ts";

type LineOf = (p: PropertyKey[]) => number | undefined;

const RESERVED = ["schemaVersion", "name", "tags"];

export function checkPaths(sweep: SweepConfig, file: string, lineOf: LineOf): void {
  const problems: Problem[] = [];
  for (const p of Object.keys(sweep.space)) {
    const top = p.split(".")[0];
    if (RESERVED.includes(top)) {
      problems.push({
        file,
        line: lineOf(["space", p]),
        field: `space.${p}`,
        expected: "a training, model, inference or dataset setting",
        found: JSON.stringify(p),
        hint: "the sweep sets `name` and `tags` of every trial itself",
      });
    }
    if (sweep.scheduler && (p === "training.steps" || p === "training.epochs")) {
      problems.push({
        file,
        line: lineOf(["space", p]),
        field: `space.${p}`,
        message: "successive halving sets the budget itself",
        hint: "remove the path or the scheduler",
      });
    }
    if (p.split(".").some((part) => part === "")) {
      problems.push({
        file,
        line: lineOf(["space", p]),
        field: `space.${p}`,
        expected: "a dotted path such as training.lr",
        found: JSON.stringify(p),
      });
    }
  }
  if (problems.length > 0) throw new TunixError("E_SCHEMA", problems);
}

/** Problems of one trial's `loadRunConfig`: those caused by a searched path move to the sweep file. */
export function remapProblems(
  problems: readonly Problem[],
  sweep: SweepConfig,
  file: string,
  lineOf: LineOf,
  base: RunConfig,
  trial: string,
  params: Record<string, unknown>,
): Problem[] {
  const paths = Object.keys(sweep.space);
  return problems.map((p) => {
    const field = (p.field ?? "").replace(/^--set /, "");
    const hit = paths.find((k) => field === k || field.startsWith(`${k}.`) || k.startsWith(`${field}.`));
    if (!hit) return p;
    const unknown = /^unknown key/.test(p.found ?? "") || /to be a mapping/.test(p.expected ?? "");
    if (unknown) {
      const near = nearestPath(hit, base);
      return {
        file,
        line: lineOf(["space", hit]),
        field: `space.${hit}`,
        expected: "a path of the run config",
        found: p.found?.startsWith("unknown key") ? p.found : `${JSON.stringify(hit)} (${p.expected})`,
        hint: near ? `did you mean ${near}?` : "see content/docs/run-config.md for every key",
      };
    }
    return {
      file,
      line: lineOf(["space", hit]),
      field: `space.${hit}`,
      expected: `values valid for ${field} (${p.expected ?? p.message ?? "see the run config schema"})`,
      found: `${describeValue(params[hit])} in trial ${trial}`,
      hint: "narrow the dimension's values",
    };
  });
}

/** The closest existing path to a mistyped one: same parent, smallest edit distance (≤ 3). */
function nearestPath(p: string, base: RunConfig): string | undefined {
  const parts = p.split(".");
  let node: unknown = base;
  let depth = 0;
  for (; depth < parts.length - 1; depth++) {
    const next = (node as Record<string, unknown>)?.[parts[depth]];
    if (next === null || typeof next !== "object" || Array.isArray(next)) break;
    node = next;
  }
  const prefix = parts.slice(0, depth).join(".");
  const wanted = parts[depth];
  let best: { key: string; d: number } | undefined;
  for (const key of Object.keys(node as object)) {
    const d = editDistance(wanted, key);
    if (d <= 3 && (!best || d < best.d)) best = { key, d };
  }
  return best ? [prefix, best.key].filter(Boolean).join(".") : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
