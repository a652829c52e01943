// Tests that need data kept outside this repository (GSM8K is others' text: it lives in
// `../shared/data/`, beside the checkout, and is never copied in). Such a test is declared through
// `itWithExternalData`: it runs when the file is there; otherwise it is skipped *loudly* — its name
// says which file is missing and one line per test goes to stderr during collection — or, when the
// environment sets TUNIX_REQUIRE_EXTERNAL_DATA=1 (CI does: the data is always beside the checkout
// there), it fails, naming the file. A test never skips silently.
//
//   const TRAIN = externalData("gsm8k/train.jsonl");
//   itWithExternalData(TRAIN, "imports every row", () => { readFileSync(TRAIN.path, "utf8"); … }, 60_000);
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { it } from "vitest";

/** Repository root (this file is pipeline/src/test-support/external-data.ts). */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The environment variable that turns a missing external file into a failure. */
export const REQUIRE_EXTERNAL_DATA = "TUNIX_REQUIRE_EXTERNAL_DATA";

export interface ExternalFile {
  /** As written in messages: `../shared/data/gsm8k/train.jsonl` (relative to the checkout). */
  display: string;
  /** Absolute path, to read. */
  path: string;
  present: boolean;
}

/** A file under `../shared/data/` (path relative to that folder); `root` is for tests of this module. */
export function externalData(relPath: string, root = REPO): ExternalFile {
  const abs = path.resolve(root, "../shared/data", relPath);
  return { display: `../shared/data/${relPath}`, path: abs, present: existsSync(abs) };
}

export type ExternalDataMode = "run" | "skip" | "fail";

/** What to do with a test that needs `file`: run it, skip it, or fail it (the data is required). */
export function externalDataMode(file: ExternalFile, env: NodeJS.ProcessEnv = process.env): ExternalDataMode {
  if (file.present) return "run";
  return env[REQUIRE_EXTERNAL_DATA] === "1" ? "fail" : "skip";
}

/** The test name as registered: the plain name when it runs, else with what is missing. */
export function externalTestName(name: string, file: ExternalFile, mode: ExternalDataMode): string {
  if (mode === "run") return name;
  return `${name} [${mode === "skip" ? "SKIPPED" : "FAILED"}: needs ${file.display}, which is absent]`;
}

/** The message of a missing-data failure (TUNIX_REQUIRE_EXTERNAL_DATA=1). */
export function missingDataMessage(file: ExternalFile): string {
  return `${file.display} is absent, and ${REQUIRE_EXTERNAL_DATA}=1 requires it (hint: put GSM8K beside the checkout in ../shared/data/gsm8k/, or unset ${REQUIRE_EXTERNAL_DATA} to skip)`;
}

/** `it` for a test that reads `file` (see the header). */
export function itWithExternalData(
  file: ExternalFile,
  name: string,
  fn: () => unknown,
  timeoutMs?: number,
): void {
  const mode = externalDataMode(file);
  const title = externalTestName(name, file, mode);
  if (mode === "run") it(title, fn, timeoutMs);
  else if (mode === "fail")
    it(title, () => {
      throw new Error(missingDataMessage(file));
    });
  else {
    console.warn(`external data: skipped "${name}": ${file.display} is absent (see README, "GSM8K")`);
    it.skip(title, fn, timeoutMs);
  }
}
