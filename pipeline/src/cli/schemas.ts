// `tunix-rt schemas [--out dir]` — write one JSON Schema per data file kind for editors.
import { writeSchemas } from "../io/json-schema.ts";
import type { Command } from "./command.ts";

export const schemasCommand: Command = {
  name: "schemas",
  summary: "write JSON Schema files for every data file kind (for editors)",
  options: {
    out: {
      type: "string",
      path: "out-dir",
      default: "pipeline/json-schema",
      valueName: "<dir>",
      description: "output folder",
    },
  },
  positionals: [0, 0],
  run({ root, opts, out }) {
    const files = writeSchemas(root, String(opts.out));
    for (const f of files) out(f);
    return 0;
  },
};
