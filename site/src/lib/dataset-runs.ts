// The sha256 of a dataset's lock file as runs record it (run/manifest.ts lockHashOf), so the
// dataset page can mark runs made on an older lock.
import { lockHashOf } from "../../../pipeline/src/run/manifest.ts";
import { dataRoot } from "./root.ts";

export async function runLockHashOf(name: string): Promise<string> {
  return lockHashOf(dataRoot(), name);
}
