// Reading spec and state files through their zod schemas. Errors carry file:line and the field
// path; for YAML the line of the offending key is found through the parsed document's ranges.
import path from "node:path";
import { isMap, isSeq, LineCounter, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { describeValue, type Problem, TunixError } from "../errors.ts";
import { duplicateKeyOf } from "./json-keys.ts";
import { readUtf8 } from "./utf8.ts";

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
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const limit = Number(big ? issue.maximum : issue.minimum).toLocaleString("en-US");
      const bound = `${big ? "at most" : "at least"} ${issue.inclusive === false ? `${big ? "under" : "over"} ` : ""}${limit}`;
      const unit =
        issue.origin === "string"
          ? " characters"
          : issue.origin === "array" || issue.origin === "set"
            ? " items"
            : "";
      return `${bound.replace(/^at (most|least) (under|over) /, "$2 ")}${unit}`;
    }
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
  return { value: yamlToJs(doc, lineCounter, file), lineOf };
}

/** At most this many alias expansions per document: an alias bomb (`&a [*b, *b, …]`) is refused. */
export const YAML_MAX_ALIASES = 100;

function yamlToJs(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: YAML_MAX_ALIASES });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let line: number | undefined;
    visit(doc, {
      Alias(_, node) {
        line = node.range ? lineCounter.linePos(node.range[0]).line : undefined;
        return visit.BREAK;
      },
    });
    throw new TunixError("E_YAML", {
      file,
      line,
      message: `too many alias expansions (over ${YAML_MAX_ALIASES}): ${err.message.split("\n")[0]}`,
      hint: "write the values out instead of nesting aliases (*name) that expand into each other",
    });
  }
}

/** Read and validate a YAML spec file. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S, displayPath = file): z.infer<S> {
  const text = readUtf8(file, displayPath, `create ${path.basename(file)} or fix the path`);
  const { value, lineOf } = parseYaml(text, displayPath);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, displayPath, value, lineOf));
  return parsed.data;
}

/** Read and validate a JSON state file. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, displayPath = file): z.infer<S> {
  const text = readUtf8(file, displayPath);
  const value = parseJson(text, displayPath, 1);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new TunixError("E_SCHEMA", issuesToProblems(parsed.error.issues, displayPath, value, undefined, 1));
  return parsed.data;
}

/** JSON.parse with the project's error: `file:line: invalid JSON: …`; a duplicated key is refused too. */
export function parseJson(text: string, file: string, line: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TunixError("E_JSON", { file, line, message: `invalid JSON: ${(err as Error).message}` });
  }
  const dup = duplicateKeyOf(text, value);
  if (dup) {
    const before = text.slice(0, dup.column - 1);
    const lines = before.split("\n");
    throw new TunixError("E_JSON", {
      file,
      line: line + lines.length - 1,
      field: dup.field,
      message: `duplicate key ${JSON.stringify(dup.key)} at column ${lines[lines.length - 1].length + 1}`,
      hint: "JSON keeps only the last value, so readers may disagree on which one counts; keep one",
    });
  }
  return value;
}
