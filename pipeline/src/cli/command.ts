// The shape of one CLI verb. Each verb is one file exporting a `Command`; the CLI holds no logic:
// `run` parses nothing itself, calls one library function and prints its result.
import type { ParseArgsOptionDescriptor } from "node:util";

export interface OptionSpec extends ParseArgsOptionDescriptor {
  description: string;
  /** Shown in help, e.g. `<file>`. */
  valueName?: string;
  /**
   * A path value, checked by cli/option-paths.ts before the verb runs: `in` (read; must resolve inside
   * the repository), `out` (a file written), `out-dir` (a folder written into), `replace-dir` (a folder
   * replaced whole) — all inside the repository and never over code or git internals — `store` (a
   * model-store name, not a path), `external` (an input a workflow step names, such as a $RUNNER_TEMP
   * file; only read). Every option whose value is a file or folder declares one.
   */
  path?: "in" | "out" | "out-dir" | "replace-dir" | "store" | "external";
}

export interface CommandContext {
  /** Positional arguments after the verb. */
  args: string[];
  /** Parsed options. */
  opts: Record<string, string | boolean | string[] | undefined>;
  /** Repository root. */
  root: string;
  /** Is stdout a terminal (progress display) or a pipe (plain lines)? */
  tty: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  /** Verb, possibly two words: `validate`, `traces import`. */
  name: string;
  summary: string;
  /** Positional part of the usage line, e.g. `<file>`. */
  usage?: string;
  options?: Record<string, OptionSpec>;
  /** Minimum and maximum positional arguments (default 0..Infinity). */
  positionals?: [number, number];
  /** Returns the exit code (0 when omitted). */
  run(ctx: CommandContext): Promise<number | undefined> | number | undefined;
}

export const JSON_OPTION: Record<string, OptionSpec> = {
  json: { type: "boolean", description: "print one JSON object for machines" },
};

export const SET_OPTION: Record<string, OptionSpec> = {
  set: {
    type: "string",
    multiple: true,
    valueName: "<key=value>",
    description: "override a config key (dotted, YAML value); repeatable",
  },
};
