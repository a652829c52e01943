// Import provenance: `traces/**/<name>.provenance.json`, written by `tunix-rt traces import hf:…`
// beside the trace file it describes (`traces/external/gsm8k/test.jsonl` →
// `traces/external/gsm8k/test.provenance.json`). Where the rows came from: the Hub dataset, the
// revision asked for and the commit it resolved to, and each downloaded file's SHA-256, so a later
// import of the same commit that yields other bytes is refused. Committed even when the traces are
// not (traces/external/ holds others' text; see content/guides/datasets.md).
import { z } from "zod";

export const ProvenanceFile = z.strictObject({
  path: z
    .string()
    .min(1)
    .describe("Path of the file inside the Hub repository, e.g. `main/test-00000-of-00001.parquet`."),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("SHA-256 of the bytes downloaded."),
  bytes: z.int().min(0).describe("Size of the download in bytes."),
  rows: z
    .int()
    .min(0)
    .describe("Rows read from the file (they are numbered on across files, in path order)."),
});
export type ProvenanceFile = z.infer<typeof ProvenanceFile>;

export const ImportProvenance = z
  .strictObject({
    schemaVersion: z.literal(1).describe("Always 1."),
    traces: z
      .string()
      .regex(/^traces\/.+\.jsonl$/)
      .describe("The trace file imported into, repository-relative."),
    source: z.string().min(1).describe("The `source` written into every trace (ids are `<source>:<row>`)."),
    format: z
      .string()
      .min(1)
      .describe("The import format that mapped the rows (`gsm8k`, `jsonl`, `messages`)."),
    map: z.string().optional().describe("The `--map` field mapping of the `jsonl` format. Optional."),
    hub: z
      .strictObject({
        repo: z
          .string()
          .regex(/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/)
          .describe("The dataset repository, `owner/name`."),
        revision: z.string().min(1).describe("The revision asked for: a branch, a tag or a commit."),
        commit: z
          .string()
          .regex(/^[0-9a-f]{40}$/)
          .describe("The commit it resolved to; files were downloaded at it."),
        split: z.string().min(1).describe("The split imported (`--split`)."),
        config: z.string().optional().describe("The configuration (subset) imported (`--config`). Optional."),
      })
      .describe("Where on the Hugging Face Hub the rows came from (the endpoint is not recorded)."),
    files: z.array(ProvenanceFile).min(1).describe("Every file read, in path order."),
    rows: z.int().min(0).describe("Rows read from all files."),
  })
  .describe("Where imported traces came from (machine-written).");
export type ImportProvenance = z.infer<typeof ImportProvenance>;
