// JSON Schema files generated from the zod schemas, so editors can check YAML/JSON by hand.
import path from "node:path";
import { z } from "zod";
import { FILE_KINDS } from "../schemas/index.ts";
import { writeJsonAtomic } from "./atomic.ts";

export function writeSchemas(root: string, outDir: string): string[] {
  const written: string[] = [];
  for (const kind of FILE_KINDS) {
    const schema = z.toJSONSchema(kind.schema, { io: "input", unrepresentable: "any" });
    const rel = path.posix.join(outDir, `${kind.kind}.schema.json`);
    writeJsonAtomic(path.join(root, rel), { ...schema, title: kind.description });
    written.push(rel);
  }
  return written;
}
