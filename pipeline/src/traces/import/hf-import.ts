// `traces import hf:<owner>/<dataset>[@revision] --split S [--config C]`: resolve the revision to a
// commit (hf-hub.ts), download the split's Parquet/JSONL files at that commit (hf-files.ts), check
// each against the SHA-256 the Hub states for it and against the provenance of an earlier import of
// the same commit, then map the rows with the usual importer (import.ts: formats, strict/lenient,
// idempotent merge) and write `<out>.provenance.json` (schemas/import-provenance.ts) beside the traces.
// Rows are numbered across the split's files in path order, so ids are `<source>:<row>`; in messages
// the input is `hf:<repo>@<commit12>:<split>` and its line is the row number + 1.
//
//   const r = await importFromHub(root, "hf:openai/gsm8k@main", { split: "test", config: "main", format: "gsm8k" });
//   r.out          // "traces/external/gsm8k/test.jsonl"
//   r.provenance   // "traces/external/gsm8k/test.provenance.json", with hub.commit and files[].sha256
import path from "node:path";
import { TunixError } from "../../errors.ts";
import { writeFileAtomic, writeJsonAtomic } from "../../io/atomic.ts";
import { fileExists, withTempDir } from "../../io/files.ts";
import { sha256, stableStringify } from "../../io/json.ts";
import { readJsonFile } from "../../io/read.ts";
import { relPath } from "../../io/repo.ts";
import { ImportProvenance, type ProvenanceFile } from "../../schemas/import-provenance.ts";
import { parseHubSpec, readRows, selectSplitFiles } from "./hf-files.ts";
import { type HubClient, hubClient } from "./hf-hub.ts";
import { type ImportOptions, type ImportReport, importTraces } from "./import.ts";

/** Where traces that are not committed live (others' text); see content/guides/datasets.md. */
export const EXTERNAL_TRACES = "traces/external";

export interface HubImportOptions extends Omit<ImportOptions, "out" | "label"> {
  split: string;
  config?: string;
  /** Default: traces/external/<name>/<split>.jsonl. */
  out?: string;
  /** Default: hubClient() (HF_ENDPOINT, HF_TOKEN). */
  hub?: HubClient;
}

export interface HubImportReport extends ImportReport {
  /** Repository-relative provenance file. */
  provenance: string;
  commit: string;
  files: ProvenanceFile[];
}

export async function importFromHub(
  root: string,
  spec: string,
  opts: HubImportOptions,
): Promise<HubImportReport> {
  const { repo, name, revision } = parseHubSpec(spec);
  const out = relPath(root, opts.out ?? `${EXTERNAL_TRACES}/${name.toLowerCase()}/${opts.split}.jsonl`);
  const source = opts.source ?? `${name.toLowerCase()}/${opts.split}`.replace(/[^a-z0-9._/-]/g, "-");
  const provenanceFile = out.replace(/\.jsonl$/, ".provenance.json");
  const hub = opts.hub ?? hubClient();
  const rev = await hub.resolveRevision(repo, revision);
  const chosen = selectSplitFiles(
    rev.files.map((f) => f.path),
    opts.split,
    opts.config,
  );
  const earlier = readEarlier(root, provenanceFile, repo, rev.commit);
  const files: ProvenanceFile[] = [];
  const lines: string[] = [];
  for (const file of chosen) {
    const bytes = await hub.download(repo, rev.commit, file);
    const digest = sha256(bytes);
    const stated = rev.files.find((f) => f.path === file)?.lfsSha256;
    if (stated !== undefined && stated !== digest)
      throw changed(file, rev.commit, "the Hub states", stated, digest);
    const before = earlier?.get(file);
    if (before !== undefined && before !== digest)
      throw changed(file, rev.commit, `${provenanceFile} recorded`, before, digest);
    const rows = await readRows(file, bytes);
    for (const row of rows) lines.push(stableStringify(row));
    files.push({ path: file, sha256: digest, bytes: bytes.length, rows: rows.length });
  }
  const label = `hf:${repo}@${rev.commit.slice(0, 12)}:${opts.split}`;
  const report = await withTempDir("tunix-hf-", async (dir) => {
    const rowsFile = path.join(dir, "rows.jsonl");
    writeFileAtomic(rowsFile, lines.length ? `${lines.join("\n")}\n` : "");
    return importTraces(root, rowsFile, { ...opts, out, source, label });
  });
  const provenance: ImportProvenance = {
    schemaVersion: 1,
    traces: out,
    source,
    format: opts.format,
    map: opts.map,
    hub: { repo, revision, commit: rev.commit, split: opts.split, config: opts.config },
    files,
    rows: lines.length,
  };
  writeJsonAtomic(path.join(root, provenanceFile), ImportProvenance.parse(provenance));
  return { ...report, provenance: provenanceFile, commit: rev.commit, files };
}

/** The file → sha256 map of an earlier import of the same repo and commit (undefined: none). */
function readEarlier(
  root: string,
  rel: string,
  repo: string,
  commit: string,
): Map<string, string> | undefined {
  const abs = path.join(root, rel);
  if (!fileExists(abs)) return undefined;
  const p = readJsonFile(abs, ImportProvenance, rel);
  if (p.hub.repo !== repo || p.hub.commit !== commit) return undefined;
  return new Map(p.files.map((f) => [f.path, f.sha256]));
}

function changed(file: string, commit: string, who: string, expected: string, found: string): TunixError {
  return new TunixError("E_MISMATCH", {
    file,
    message: `changed behind commit ${commit.slice(0, 12)}: nothing imported`,
    field: "sha256",
    expected: `${expected} (${who})`,
    found: `${found} (downloaded)`,
    hint: "the same commit must give the same bytes: check HF_ENDPOINT (a mirror?) and import again; if the traces file is yours, compare it with a fresh import before trusting it",
  });
}
