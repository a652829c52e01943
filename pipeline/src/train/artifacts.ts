// Artifact pointers for run.json: `file:` URI relative to the repository root, sha256, size.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { sha256 } from "../io/json.ts";
import { relPath } from "../io/repo.ts";
import type { Artifact as ArtifactSchema } from "../schemas/run.ts";

export type Artifact = z.infer<typeof ArtifactSchema>;

export function fileArtifact(root: string, file: string, name = path.basename(file)): Artifact {
  const bytes = readFileSync(file);
  return { name, uri: `file:${relPath(root, file)}`, sha256: sha256(bytes), bytes: bytes.length };
}
