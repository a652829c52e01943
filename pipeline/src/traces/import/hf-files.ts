// Which files of a Hub dataset hold a split, and their rows. A spec reads `hf:<owner>/<name>[@rev]`.
// A data file is `.parquet` or `.jsonl`; it belongs to split S when a folder on its path is named S,
// or its name is `S.<ext>`, starts with `S-`, or holds `-S-` / ends with `-S.<ext>` (the Hub's
// `data/train-00000-of-00001.parquet`, `main/test-00000-of-00001.parquet`, `test.jsonl`). With
// `--config C`, only files under a folder named C count; without it, matches in two or more
// top-level folders are ambiguous and refused (GSM8K has `main/` and `socratic/`).
//
//   parseHubSpec("hf:openai/gsm8k@main")                 // { repo: "openai/gsm8k", revision: "main" }
//   selectSplitFiles(paths, "test", "main")              // ["main/test-00000-of-00001.parquet"]
//   const rows = await readRows(path, bytes)              // objects, in file order
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { TunixError } from "../../errors.ts";

export interface HubSpec {
  repo: string;
  owner: string;
  name: string;
  /** Default `main`. */
  revision: string;
}

const SPEC = /^hf:([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)(?:@([^\s@]+))?$/;
const DATA_EXT = /\.(parquet|jsonl)$/;

export function isHubSpec(arg: string): boolean {
  return arg.startsWith("hf:");
}

export function parseHubSpec(arg: string): HubSpec {
  const m = SPEC.exec(arg);
  if (!m) {
    throw new TunixError("E_USAGE", {
      field: "<file>",
      expected: "hf:<owner>/<dataset>[@revision], e.g. hf:openai/gsm8k@main",
      found: JSON.stringify(arg),
    });
  }
  return { repo: `${m[1]}/${m[2]}`, owner: m[1], name: m[2], revision: m[3] ?? "main" };
}

export function selectSplitFiles(paths: readonly string[], split: string, config?: string): string[] {
  const data = paths.filter((p) => DATA_EXT.test(p));
  const inConfig =
    config === undefined ? data : data.filter((p) => p.split("/").slice(0, -1).includes(config));
  const hits = inConfig.filter((p) => belongsToSplit(p, split));
  if (hits.length === 0) {
    const shown = (config === undefined ? data : inConfig).slice(0, 12);
    throw new TunixError("E_NOT_FOUND", {
      field: config === undefined ? "--split" : "--split, --config",
      expected: `Parquet or JSONL files of split ${JSON.stringify(split)}${config ? ` in ${config}/` : ""}`,
      found: shown.length
        ? shown.join(", ") + (data.length > shown.length ? ", …" : "")
        : "no .parquet or .jsonl file",
      hint: "name a split (and --config) that the file names above show",
    });
  }
  if (config === undefined) {
    const tops = [...new Set(hits.filter((p) => p.includes("/")).map((p) => p.split("/")[0]))];
    if (tops.length > 1) {
      throw new TunixError("E_USAGE", {
        field: "--config",
        message: `split ${split} is in several folders: ${hits.join(", ")}`,
        hint: `choose one: --config ${tops.join(" | --config ")}`,
      });
    }
  }
  return hits;
}

function belongsToSplit(p: string, split: string): boolean {
  const parts = p.split("/");
  const base = parts[parts.length - 1].replace(DATA_EXT, "");
  return (
    parts.slice(0, -1).includes(split) ||
    base === split ||
    base.startsWith(`${split}-`) ||
    base.includes(`-${split}-`) ||
    base.endsWith(`-${split}`)
  );
}

/** The rows of one downloaded file: Parquet through hyparquet (all codecs), JSONL line by line. */
export async function readRows(file: string, bytes: Uint8Array): Promise<unknown[]> {
  if (file.endsWith(".parquet")) {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    try {
      return (await parquetReadObjects({ file: buffer, compressors })).map(plainValue);
    } catch (err) {
      throw new TunixError("E_SCHEMA", {
        file,
        message: `not a readable Parquet file: ${(err as Error).message}`,
        hint: "the download may be truncated: run the import again",
      });
    }
  }
  const rows: unknown[] = [];
  const lines = new TextDecoder().decode(bytes).split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    try {
      rows.push(JSON.parse(lines[i]));
    } catch (err) {
      throw new TunixError("E_JSON", {
        file,
        line: i + 1,
        message: `invalid JSON: ${(err as Error).message}`,
        hint: "each line must be one JSON object",
      });
    }
  }
  return rows;
}

/** Parquet values as JSON values: 64-bit integers become numbers (or strings past 2^53), dates ISO text. */
function plainValue(v: unknown): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(plainValue);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return v;
}
