// The paths a run config names, checked when it is loaded (io/confine.ts): `artifacts.dir` (written:
// weights and checkpoints), and for the GPT family `model.weights` and `model.tokenizer.path` (read).
// Each must resolve inside the repository after symlinks; the Gemma 3 family names models by
// store-relative names instead (io/model-store.ts), checked where the store is opened.
//
//   checkConfigPaths(root, config, { file: "configs/runs/x.yaml", lineOf });   // throws E_PATH at file:line
import { outputPathInRepo, pathInRepo } from "../io/confine.ts";
import type { RunConfig } from "../schemas/config.ts";

export interface ConfigSource {
  /** Repository-relative config file, for messages. */
  file: string;
  /** Field path → line in that file (from io/read.ts parseYaml). */
  lineOf?: (p: PropertyKey[]) => number | undefined;
  /** Dotted keys set on the command line: their errors name `--set`, not the file. */
  setKeys?: readonly string[];
}

export function checkConfigPaths(root: string, config: RunConfig, src: ConfigSource): void {
  const from = (keys: string[]) => {
    const field = keys.join(".");
    return src.setKeys?.includes(field)
      ? { field, file: "--set" }
      : { field, file: src.file, line: src.lineOf?.(keys) };
  };
  outputPathInRepo(root, config.artifacts.dir, from(["artifacts", "dir"]), root, "dir");
  if (config.model.family === "gpt") {
    if (config.model.weights) pathInRepo(root, config.model.weights, from(["model", "weights"]));
    const tok = config.model.tokenizer.path;
    if (tok) pathInRepo(root, tok, from(["model", "tokenizer", "path"]));
  }
}
