// `tunix-rt traces import <file> --format gsm8k|jsonl|messages --out traces/<source>/<name>.jsonl
//  [--source <name>] [--map prompt=question,answer=final,steps=solution] [--lenient] [--json]`
// — import external rows as traces (library: traces/import/import.ts). Exit 1 when any row is
// invalid in strict mode (nothing is written) or, in lenient mode, never for bad rows.
// `tunix-rt traces import hf:<owner>/<dataset>[@revision] --split <s> [--config <c>] --format …`
// — the same from a Hugging Face Hub dataset, pinned to a commit, with a provenance file beside the
// traces (traces/import/hf-import.ts); --out defaults to traces/external/<dataset>/<split>.jsonl.
import path from "node:path";
import { formatProblem, TunixError } from "../errors.ts";
import { isHubSpec } from "../traces/import/hf-files.ts";
import { importFromHub } from "../traces/import/hf-import.ts";
import { IMPORT_FORMATS, importTraces } from "../traces/import/import.ts";
import { type Command, type CommandContext, JSON_OPTION } from "./command.ts";
import { createProgress } from "./progress.ts";

export const tracesImportCommand: Command = {
  name: "traces import",
  summary: "import GSM8K, mapped JSONL or chat-messages rows as traces, from a file or hf:<owner>/<dataset>",
  usage: "<file|hf:owner/dataset[@revision]>",
  positionals: [1, 1],
  options: {
    format: {
      type: "string",
      valueName: "<name>",
      description: `input format: ${Object.keys(IMPORT_FORMATS).join(" | ")}`,
    },
    out: {
      type: "string",
      path: "out",
      valueName: "<file>",
      description: "out file, traces/<source>/<name>.jsonl",
    },
    source: { type: "string", valueName: "<name>", description: "provenance (default: from the out path)" },
    map: {
      type: "string",
      valueName: "<k=path,…>",
      description: "jsonl field mapping: prompt, answer, steps, id, category, difficulty, tags",
    },
    lenient: { type: "boolean", description: "write the valid rows and report the skipped ones" },
    split: { type: "string", valueName: "<name>", description: "hf: the split to import (train, test, …)" },
    config: { type: "string", valueName: "<name>", description: "hf: the configuration (subset), e.g. main" },
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out, err }) {
    if (isHubSpec(args[0])) return runHubImport(args[0], { opts, root, out, err });
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

async function runHubImport(
  spec: string,
  { opts, root, out, err }: Pick<CommandContext, "opts" | "root" | "out" | "err">,
): Promise<number> {
  if (typeof opts.format !== "string" || typeof opts.split !== "string") {
    throw new TunixError(
      "E_USAGE",
      "tunix-rt traces import hf:…: --format and --split are required (run tunix-rt traces import --help)",
    );
  }
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const started = performance.now();
  const report = await importFromHub(root, spec, {
    split: opts.split,
    config: str(opts.config),
    format: opts.format,
    out: str(opts.out) === undefined ? undefined : path.resolve(String(opts.out)),
    source: str(opts.source),
    map: str(opts.map),
    lenient: opts.lenient === true,
  });
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) {
    out(JSON.stringify({ ...report, seconds: Number(seconds.toFixed(3)) }));
    return 0;
  }
  for (const p of report.problems) err(`skipped: ${formatProblem(p)}`);
  for (const f of report.files) out(`${f.path}: ${f.rows} rows, sha256 ${f.sha256}`);
  out(
    `${report.out}: read ${report.read}, imported ${report.imported}, duplicates ${report.duplicates}, skipped ${report.skipped} at commit ${report.commit} (provenance: ${report.provenance})`,
  );
  return 0;
}
