// Reading spec and state files through their zod schemas. Errors carry file:line and the field
// path; for YAML the line of the offending key is found through the parsed document's ranges.
import { readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { describeValue, type Problem, TunixError } from "../errors.ts";

/** Turn zod issues into problems. `lineOf(path)` maps a field path to a line (YAML), else `line` is used. */
export function issuesToProblems(
  issues: z.core.$ZodIssue[],
  file: string,
  input: unknown,
  lineOf?: (p: PropertyKey[]) => number | undefined,
  line?: number,
): Problem[] {
  return issues.map((issue) => {
    const fieldPath = issue.path;
    const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : undefined;
    const lookup = unknownKeys ? [...fieldPath, unknownKeys[0]] : fieldPath;
    const field = lookup.map(String).join(".") || "(root)";
    const found = unknownKeys
      ? `unknown key${unknownKeys.length > 1 ? "s" : ""} ${unknownKeys.map((k) => `"${k}"`).join(", ")}`
      : describeValue(valueAt(input, fieldPath));
    return {
      file,
      line: lineOf?.(lookup) ?? line,
      field,
      expected: expectedOf(issue),
      found,
      hint: unknownKeys
        ? "remove it or fix its spelling; see the JSON Schema from `npm run schemas`"
        : undefined,
    } satisfies Problem;
  });
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return "only known keys";
    case "invalid_type":
      return issue.expected;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message.replace(/^Invalid input: /, "").replace(/^expected /, "");
  }
}

export function valueAt(input: unknown, p: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of p) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Parse a YAML text; returns the JS value and a function from field path to 1-based line. */
export function parseYaml(
  text: string,
  file: string,
): { value: unknown; lineOf: (p: PropertyKey[]) => number | undefined } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new TunixError(
      "E_YAML",
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        message: e.message.split("\n")[0],
        hint: "fix the YAML syntax",
      })),
    );
  }
  const lineOf = (p: PropertyKey[]): number | undefined => {
    // Walk down as far as the path exists; report the deepest node found.
    let node: unknown = doc.contents;
    let best: number | undefined;
    const rangeLine = (n: unknown) => {
      const r = (n as { range?: [number, number, number] } | null)?.range;
      return r ? lineCounter.linePos(r[0]).line : undefined;
    };
    best = rangeLine(node);
    for (const key of p) {
      if (isMap(node)) {
        const pair = node.items.find(
          (it) => String((it.key as { value?: unknown })?.value ?? it.key) === String(key),
        );
        if (!pair) break;
        best = rangeLine(pair.key) ?? best;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(key)];
        if (item === undefined) break;
        best = rangeLine(item) ?? best;
        node = item;
      } else break;
    }
    return best;
  };
  return { value: doc.toJS(), lineOf };
}

/** Read and validate a YAML spec file. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S, displayPath = file): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new TunixError("E_NOT_FOUND", {
      file: displayPath,
      message: "file not found",
      hint: `create ${path.basename(file)} or fix the path`,
    });
  }
  const { value, lineOf } = parseYaml(text, displayPath);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, displayPath, value, lineOf));
  return parsed.data;
}

/** Read and validate a JSON state file. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, displayPath = file): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new TunixError("E_NOT_FOUND", { file: displayPath, message: "file not found" });
  }
  const value = parseJson(text, displayPath, 1);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, displayPath, value, undefined, 1));
  return parsed.data;
}

/** JSON.parse with the project's error: `file:line: invalid JSON: …`. */
export function parseJson(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new TunixError("E_JSON", { file, line, message: `invalid JSON: ${(err as Error).message}` });
  }
}
