// `tunix-rt` entry: find the verb, parse its options, run it, and turn a TunixError into one
// message and a non-zero exit (1 data/user error, 2 usage). Any other error is a bug: stack trace.
import { parseArgs } from "node:util";
import { TunixError } from "../errors.ts";
import { findRoot } from "../io/repo.ts";
import type { Command } from "./command.ts";
import { COMMANDS } from "./commands.ts";
import { checkOptionPaths } from "./option-paths.ts";

const GLOBAL_HELP = () => {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "tunix-rt — git-native reasoning traces: curate, fine-tune, infer, judge, compare",
    "",
    "usage: tunix-rt <verb> [args] [options]     (tunix-rt <verb> --help for details)",
    "",
    "verbs:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "exit codes: 0 ok, 1 data or user error, 2 usage error",
  ].join("\n");
};

function commandHelp(cmd: Command): string {
  const lines = [`usage: tunix-rt ${cmd.name}${cmd.usage ? ` ${cmd.usage}` : ""} [options]`, "", cmd.summary];
  const opts = Object.entries(cmd.options ?? {});
  if (opts.length) {
    lines.push("", "options:");
    for (const [name, o] of opts) {
      const flag = `--${name}${o.type === "string" ? ` ${o.valueName ?? "<value>"}` : ""}${o.short ? `, -${o.short}` : ""}`;
      const def = o.default !== undefined ? ` (default: ${JSON.stringify(o.default)})` : "";
      lines.push(`  ${flag.padEnd(28)} ${o.description}${def}`);
    }
  }
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const err = (s: string) => process.stderr.write(`${s}\n`);
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    out(GLOBAL_HELP());
    return argv.length === 0 ? 2 : 0;
  }
  const two = `${argv[0]} ${argv[1] ?? ""}`;
  const cmd = COMMANDS.find((c) => c.name === two) ?? COMMANDS.find((c) => c.name === argv[0]);
  if (!cmd) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
    err(
      group.length
        ? `tunix-rt ${argv[0]}: expected one of: ${group.map((c) => c.name.split(" ")[1]).join(", ")}`
        : `tunix-rt: unknown verb "${argv[0]}" (run tunix-rt --help)`,
    );
    return 2;
  }
  const rest = argv.slice(cmd.name.split(" ").length);
  if (rest.includes("--help") || rest.includes("-h")) {
    out(commandHelp(cmd));
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: cmd.options ?? {},
      allowPositionals: true,
      strict: true,
    });
    const [min, max] = cmd.positionals ?? [0, Number.POSITIVE_INFINITY];
    if (positionals.length < min || positionals.length > max) {
      throw new TunixError(
        "E_USAGE",
        `tunix-rt ${cmd.name}: expected ${min === max ? min : `${min}..${max}`} argument(s), found ${positionals.length} (usage: tunix-rt ${cmd.name} ${cmd.usage ?? ""})`,
      );
    }
    const root = findRoot();
    checkOptionPaths(cmd, values, root, process.cwd());
    const code = await cmd.run({
      args: positionals,
      opts: values as Record<string, string | boolean | string[] | undefined>,
      root,
      tty: Boolean(process.stdout.isTTY),
      out,
      err,
    });
    return code ?? 0;
  } catch (e) {
    if (e instanceof TunixError) {
      err(e.message);
      return e.exitCode;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`tunix-rt ${cmd.name}: ${e.message} (run tunix-rt ${cmd.name} --help)`);
      return 2;
    }
    throw e;
  }
}

// A closed pipe (`tunix-rt … | head`) is not an error: stop quietly.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const code = await main(process.argv.slice(2));
process.exitCode = code;
