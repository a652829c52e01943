// `tunix-rt traces import <file> --format gsm8k|jsonl|messages --out traces/<source>/<name>.jsonl
//  [--source <name>] [--map prompt=question,answer=final,steps=solution] [--lenient] [--json]`
// — import external rows as traces (library: traces/import/import.ts). Exit 1 when any row is
// invalid in strict mode (nothing is written) or, in lenient mode, never for bad rows.
import path from "node:path";
import { formatProblem, TunixError } from "../errors.ts";
import { IMPORT_FORMATS, importTraces } from "../traces/import/import.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { createProgress } from "./progress.ts";

export const tracesImportCommand: Command = {
  name: "traces import",
  summary: "import GSM8K, mapped JSONL or chat-messages rows as traces (idempotent merge)",
  usage: "<file>",
  positionals: [1, 1],
  options: {
    format: {
      type: "string",
      valueName: "<name>",
      description: `input format: ${Object.keys(IMPORT_FORMATS).join(" | ")}`,
    },
    out: { type: "string", valueName: "<file>", description: "out file, traces/<source>/<name>.jsonl" },
    source: { type: "string", valueName: "<name>", description: "provenance (default: from the out path)" },
    map: {
      type: "string",
      valueName: "<k=path,…>",
      description: "jsonl field mapping: prompt, answer, steps, id, category, difficulty, tags",
    },
    lenient: { type: "boolean", description: "write the valid rows and report the skipped ones" },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out, err }) {
    if (typeof opts.format !== "string" || typeof opts.out !== "string") {
      throw new TunixError(
        "E_USAGE",
        "tunix-rt traces import: --format and --out are required (run tunix-rt traces import --help)",
      );
    }
    const progress = opts.json ? undefined : createProgress("import", undefined, { tty });
    const started = performance.now();
    const report = await importTraces(root, path.resolve(args[0]), {
      format: opts.format,
      label: args[0],
      out: path.resolve(opts.out),
      source: typeof opts.source === "string" ? opts.source : undefined,
      map: typeof opts.map === "string" ? opts.map : undefined,
      lenient: opts.lenient === true,
      onProgress: (n) => (n % 1000 === 0 ? progress?.update(n) : undefined),
    });
    const seconds = (performance.now() - started) / 1000;
    progress?.done(`${report.read} rows`);
    if (opts.json) {
      out(JSON.stringify({ ...report, seconds: Number(seconds.toFixed(3)) }));
      return 0;
    }
    for (const p of report.problems) err(`skipped: ${formatProblem(p)}`);
    out(
      `${report.out}: read ${report.read}, imported ${report.imported}, duplicates ${report.duplicates}, skipped ${report.skipped} (${report.total} traces in file${report.written ? "" : ", unchanged"})`,
    );
    return 0;
  },
};
