// The two files an Actions step writes for the runner: the job summary (`GITHUB_STEP_SUMMARY`,
// markdown, appended) and the step outputs (`GITHUB_OUTPUT`, `name<<delimiter` blocks). Both are
// appended, never rewritten, because other steps of the same job share them.
//
//   appendStepSummary(process.env, "## Validation\n…");
//   writeStepOutputs(process.env, { id: "tiny-1a2b3c4d" });

import { randomBytes } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import { TunixError } from "../errors.ts";
import { requireEnv } from "./actions-env.ts";

/** Append markdown to the job summary; returns the summary file. */
export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): string {
  const file = requireEnv(
    env,
    "GITHUB_STEP_SUMMARY",
    "run inside GitHub Actions, or export GITHUB_STEP_SUMMARY=<file>",
  );
  appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
  return file;
}

/** Append step outputs; multi-line-safe (a random delimiter that the value cannot contain). */
export function writeStepOutputs(env: NodeJS.ProcessEnv, values: Record<string, string>): string {
  const file = requireEnv(env, "GITHUB_OUTPUT", "run inside GitHub Actions, or export GITHUB_OUTPUT=<file>");
  let text = "";
  for (const [name, value] of Object.entries(values)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      throw new TunixError("E_USAGE", {
        field: name,
        expected: "an output name (letters, digits, _ and -)",
        found: JSON.stringify(name),
      });
    }
    let delimiter = `EOF_${randomBytes(8).toString("hex")}`;
    while (value.includes(delimiter)) delimiter = `EOF_${randomBytes(8).toString("hex")}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  appendFileSync(file, text);
  return file;
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
