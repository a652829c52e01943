// The config.json of a model folder (exported by the trainer, or a Hugging Face folder), read with
// a clear error when the folder is not one. Below families.ts and model-folder.ts, which both need it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";

/** The parsed config.json of a model folder, or a clear error. */
export function readModelConfigJson(dir: string): Record<string, unknown> {
  const configFile = path.join(dir, "config.json");
  if (!existsSync(configFile)) {
    throw new TunixError("E_NOT_FOUND", {
      file: configFile,
      message: "not a model folder (no config.json)",
      hint: "point at a folder exported by `tunix-rt train`",
    });
  }
  return JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
}
