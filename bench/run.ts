// Benchmark runner: `npm run bench -- <name> [--json] [bench options]` (= `node bench/run.ts <name>`).
// Each benchmark is one file bench/<name>.ts exporting `run(opts) → { rows, json }`; adding one =
// one file and one row in BENCHES. Prints a table (or, with --json, only the JSON object on stdout)
// and writes bench/results/<name>.json (git-ignored). Progress goes to stderr.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeJsonAtomic } from "../pipeline/src/io/atomic.ts";
import { gitHead } from "../pipeline/src/io/git.ts";
import type { Bench } from "./types.ts";

const BENCHES: Readonly<Record<string, () => Promise<Bench>>> = Object.freeze({
  data: async () => (await import("./data.ts")).bench,
  site: async () => (await import("./site.ts")).bench,
  judge: async () => (await import("./judge.ts")).bench,
  train: async () => (await import("./train.ts")).bench,
  plan: async () => (await import("./plan.ts")).bench,
});

const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? BENCHES[name] : undefined;
  if (!load) {
    const list = await Promise.all(
      Object.entries(BENCHES).map(async ([n, l]) => `  ${n}  ${(await l()).summary}`),
    );
    process.stderr.write(
      `usage: npm run bench -- <name> [--json] [options]\n\nbenchmarks:\n${list.join("\n")}\n`,
    );
    return 2;
  }
  const json = rest.includes("--json");
  const bench = await load();
  const result = await bench.run({
    args: rest.filter((a) => a !== "--json"),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const file = path.join(HERE, "results", `${name}.json`);
  // Every result says which code it measured.
  result.json = {
    ...result.json,
    commit: gitHead(path.dirname(HERE))?.commit ?? "unknown",
    measured_at: new Date().toISOString(),
  };
  writeJsonAtomic(file, result.json);
  if (json) process.stdout.write(`${JSON.stringify(result.json)}\n`);
  else process.stdout.write(`${formatTable(result.rows)}\nwrote ${path.relative(process.cwd(), file)}\n`);
  return result.json.pass === false ? 1 : 0;
}

/** Rows as an aligned text table; numbers right-aligned. */
export function formatTable(rows: Record<string, string | number>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) =>
    v === undefined
      ? ""
      : typeof v === "number"
        ? v.toLocaleString("en-US", { maximumFractionDigits: 2 })
        : v;
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: (string | number | undefined)[]) =>
    vals
      .map((v, i) => (typeof v === "number" ? cell(v).padStart(width[i]) : cell(v).padEnd(width[i])))
      .join("  ")
      .trimEnd();
  return [
    line(cols),
    width.map((w) => "-".repeat(w)).join("  "),
    ...rows.map((r) => line(cols.map((c) => r[c]))),
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
