// What an Actions step hands the runner, written through @actions/core: the job summary
// (`GITHUB_STEP_SUMMARY`, markdown, appended), the step outputs (`GITHUB_OUTPUT`, `name<<delimiter`
// blocks with a random delimiter the value cannot contain) and warning annotations (`::warning::`,
// escaped). Files are appended, never rewritten, because the job's other steps share them.
//
//   await appendStepSummary(process.env, "## Validation\n…");
//   writeStepOutputs(process.env, { id: "tiny-1a2b3c4d" });
//   warnStep(process.env, "wrote the job summary instead", out);
//
// @actions/core reads the file names from process.env; `env` (the environment a caller was given)
// names them here, and process.env points at the same file while core writes. A local run can
// export GITHUB_OUTPUT / GITHUB_STEP_SUMMARY to any file (created when missing).

import { appendFileSync, readFileSync } from "node:fs";
import * as core from "@actions/core";
import { TunixError } from "../errors.ts";
import { requireEnv } from "./actions-env.ts";

/** core's Summary class (only its singleton is exported, and that keeps the first file it saw). */
const Summary = core.summary.constructor as new () => typeof core.summary;

/** Append markdown to the job summary; returns the summary file. */
export async function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<string> {
  const file = actionsFile(env, "GITHUB_STEP_SUMMARY");
  await withProcessEnv("GITHUB_STEP_SUMMARY", file, () =>
    new Summary().addRaw(markdown, !markdown.endsWith("\n")).write(),
  );
  return file;
}

/** Append step outputs, one multi-line-safe block each; returns the outputs file. */
export function writeStepOutputs(env: NodeJS.ProcessEnv, values: Record<string, string>): string {
  const file = actionsFile(env, "GITHUB_OUTPUT");
  for (const name of Object.keys(values)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      throw new TunixError("E_USAGE", {
        field: name,
        expected: "an output name (letters, digits, _ and -)",
        found: JSON.stringify(name),
      });
    }
  }
  withProcessEnv("GITHUB_OUTPUT", file, () => {
    for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
  });
  return file;
}

/** A warning annotation on the workflow run inside Actions (`GITHUB_ACTIONS`), else a `warning:` line. */
export function warnStep(env: NodeJS.ProcessEnv, message: string, out: (line: string) => void): void {
  if (env.GITHUB_ACTIONS) core.warning(message);
  else out(`warning: ${message}`);
}

/** Scalar fields of the last JSON object line of a file (what `tunix-rt <verb> --json` prints). */
export function scalarFieldsOf(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new TunixError("E_NOT_FOUND", { file, message: "file not found" });
  }
  const lines = text.split("\n").filter((l) => l.trim().startsWith("{"));
  let value: unknown;
  try {
    value = JSON.parse(lines.at(-1) ?? "");
  } catch {
    throw new TunixError("E_JSON", {
      file,
      message: "no JSON object line found",
      hint: "pass the output of a `--json` command",
    });
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = String(v);
  }
  return out;
}

/**
 * Text of body files joined by a blank line: a `.md` file is included as markdown, a `.json` file as
 * an indented JSON code block, any other file (command output) as a text code block, so its text is
 * shown, never rendered.
 */
export function readBodyFiles(files: string[]): string {
  return files
    .map((file) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8").trimEnd();
      } catch {
        throw new TunixError("E_NOT_FOUND", { file, message: "body file not found" });
      }
      if (/\.md$/i.test(file)) return text;
      return /\.json$/i.test(file) ? fenced(prettyJson(text), "json") : fenced(text);
    })
    .join("\n\n");
}

/** A fenced code block whose fence is longer than any backtick run inside the text. */
export function fenced(text: string, language = "text"): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Indented JSON when the text is one JSON value, else the text as it is. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The file a step variable names, created empty when missing (core appends only to existing files). */
function actionsFile(env: NodeJS.ProcessEnv, name: "GITHUB_OUTPUT" | "GITHUB_STEP_SUMMARY"): string {
  const file = requireEnv(env, name, `run inside GitHub Actions, or export ${name}=<file>`);
  try {
    appendFileSync(file, "");
  } catch (err) {
    throw new TunixError("E_GITHUB", { file, message: `cannot write ${name}: ${(err as Error).message}` });
  }
  return file;
}

/** Run `work` with process.env[name] = value (what @actions/core reads), then put the old value back. */
function withProcessEnv<T>(name: string, value: string, work: () => T): T {
  const before = process.env[name];
  const restore = () => {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  };
  process.env[name] = value;
  let result: T;
  try {
    result = work();
  } catch (err) {
    restore();
    throw err;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
