// Option helpers shared by the `report …` verbs: required options and repeatable file options.
import { TunixError } from "../errors.ts";

/** A string option that must be present. */
export function requireOption(opts: Record<string, unknown>, name: string): string {
  const value = opts[name];
  if (typeof value !== "string" || value === "") {
    throw new TunixError("E_USAGE", {
      field: `--${name}`,
      expected: "a value",
      found: "nothing",
      hint: "see --help",
    });
  }
  return value;
}

/** A repeatable file option with at least one value. */
export function requireFiles(value: unknown, name = "body-file"): string[] {
  const files = Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
  if (files.length === 0) {
    throw new TunixError("E_USAGE", {
      field: `--${name}`,
      expected: "at least one file",
      found: "nothing",
      hint: "see --help",
    });
  }
  return files;
}
