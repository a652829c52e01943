// `tunix-rt traces synth` — write the synthetic trace files of SYNTH_PLAN (traces/synthetic/*.jsonl).
//   tunix-rt traces synth                      regenerate every file (atomic writes)
//   tunix-rt traces synth --check              exit 1 naming each file that differs from a fresh run
//   tunix-rt traces synth --family totals --count 50 --seed 7 --difficulty 1-3 --option maxOperand=9 [--out f]
//     (ids synth:<family>-s<seed>:<n>, or synth:<name>:<n> with --name)
//   tunix-rt traces synth --list               the generators, their difficulties and options
import path from "node:path";
import { TunixError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import type { Options } from "../traces/synth/generator.ts";
import {
  adhocSet,
  checkPlan,
  GENERATORS,
  renderTraces,
  synthesize,
  writePlan,
} from "../traces/synth/index.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const tracesSynthCommand: Command = {
  name: "traces synth",
  summary: "generate synthetic traces with exact answers (SYNTH_PLAN → traces/synthetic/, or ad hoc)",
  options: {
    check: {
      type: "boolean",
      description: "compare the committed files with a fresh run; exit 1 if any differs",
    },
    family: { type: "string", valueName: "<name>", description: "ad hoc: generate from this generator only" },
    count: { type: "string", valueName: "<n>", default: "10", description: "ad hoc: number of traces" },
    seed: { type: "string", valueName: "<n>", default: "1", description: "ad hoc: seed" },
    difficulty: {
      type: "string",
      valueName: "<d>",
      description: "ad hoc: difficulties (= steps): `2`, `1-3` or `1,4`; default: all the generator supports",
    },
    option: {
      type: "string",
      multiple: true,
      valueName: "<key=value>",
      description: "ad hoc: a generator option, repeatable (see --list)",
    },
    name: {
      type: "string",
      valueName: "<set>",
      description: "ad hoc: ids become synth:<set>:<n> (default: <family>-s<seed>)",
    },
    out: {
      type: "string",
      path: "out",
      valueName: "<file>",
      description: "ad hoc: write JSONL here (default: stdout)",
    },
    list: { type: "boolean", description: "list the generators with their difficulties and options" },
    ...JSON_OPTION,
  },
  positionals: [0, 0],
  run({ root, opts, out }) {
    if (opts.list) return listGenerators(out, Boolean(opts.json));
    const adhoc = ["family", "difficulty", "option", "name", "out"].filter((k) => opts[k] !== undefined);
    if (opts.check && adhoc.length) usage(`--check cannot be combined with --${adhoc[0]}`);
    if (!opts.family && adhoc.length) usage(`--${adhoc[0]} needs --family`);

    if (opts.family) {
      const set = adhocSet(
        String(opts.family),
        positiveInt("count", opts.count),
        positiveInt("seed", opts.seed, 0),
        parseDifficulties(opts.difficulty as string | undefined),
        parseOptions((opts.option as string[] | undefined) ?? []),
        opts.name === undefined ? undefined : String(opts.name),
      );
      const text = renderTraces(synthesize(set));
      if (!opts.out) {
        if (opts.json) usage("--json needs --out when generating ad hoc");
        process.stdout.write(text);
        return 0;
      }
      const file = path.resolve(String(opts.out));
      writeFileAtomic(file, text);
      const traces = text ? text.trimEnd().split("\n").length : 0;
      if (opts.json)
        out(JSON.stringify({ files: [{ file: opts.out, traces, bytes: Buffer.byteLength(text) }] }));
      else out(`${opts.out}: ${traces} traces`);
      return 0;
    }

    if (opts.check) {
      const stale = checkPlan(root).filter((s) => s.status !== "same");
      if (opts.json) out(JSON.stringify({ ok: stale.length === 0, files: stale }));
      if (stale.length === 0) {
        if (!opts.json) out("traces/synthetic: every file matches SYNTH_PLAN");
        return 0;
      }
      throw new TunixError(
        "E_STALE",
        stale.map((s) => ({
          file: s.file,
          message:
            s.status === "extra"
              ? "not written by SYNTH_PLAN (delete it, or add its set to pipeline/src/traces/synth/plan.ts)"
              : s.status === "missing"
                ? "missing"
                : "differs from a fresh run of SYNTH_PLAN",
          hint: s.status === "extra" ? undefined : "run: tunix-rt traces synth",
        })),
      );
    }

    const files = writePlan(root).map((f) => ({
      file: f.file,
      traces: f.traces.length,
      multiStep: f.traces.filter((t) => t.steps.length >= 2).length,
      bytes: Buffer.byteLength(f.text),
    }));
    const traces = files.reduce((s, f) => s + f.traces, 0);
    const bytes = files.reduce((s, f) => s + f.bytes, 0);
    if (opts.json) out(JSON.stringify({ files, traces, bytes }));
    else {
      for (const f of files)
        out(`${f.file}: ${f.traces} traces (${f.multiStep} with 2+ steps), ${f.bytes} bytes`);
      out(`${files.length} files, ${traces} traces, ${bytes} bytes`);
    }
    return 0;
  },
};

function listGenerators(out: (s: string) => void, json: boolean): number {
  if (json) {
    out(
      JSON.stringify(
        Object.values(GENERATORS).map(({ name, description, categories, difficulties, options }) => ({
          name,
          description,
          categories,
          difficulties,
          options,
        })),
      ),
    );
    return 0;
  }
  for (const g of Object.values(GENERATORS)) {
    out(`${g.name} — ${g.description} (difficulties ${g.difficulties.join(", ")})`);
    for (const [key, o] of Object.entries(g.options)) {
      const range =
        o.type === "int" ? ` ${o.min}..${o.max}` : o.type === "enum" ? ` ${o.values.join("|")}` : "";
      out(`  ${key}=${String(o.default)}${range}  ${o.description}`);
    }
  }
  return 0;
}

function usage(message: string): never {
  throw new TunixError("E_USAGE", `tunix-rt traces synth: ${message} (run tunix-rt traces synth --help)`);
}

function positiveInt(name: string, value: unknown, min = 1): number {
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < min || !Number.isSafeInteger(n)) {
    throw new TunixError("E_USAGE", {
      field: `--${name}`,
      expected: `an integer >= ${min}`,
      found: JSON.stringify(value),
    });
  }
  return n;
}

/** `2`, `1-3`, `1,4` → [2], [1, 2, 3], [1, 4]; undefined → undefined (all). */
export function parseDifficulties(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const out: number[] = [];
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) {
      throw new TunixError("E_USAGE", {
        field: "--difficulty",
        expected: "`2`, `1-3` or `1,4`",
        found: JSON.stringify(text),
      });
    }
    for (let d = Number(m[1]); d <= Number(m[2] ?? m[1]); d++) out.push(d);
  }
  return out;
}

/** `key=value` pairs; `true`/`false` become booleans and integers numbers. */
export function parseOptions(pairs: readonly string[]): Options {
  const options: Options = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new TunixError("E_USAGE", {
        field: "--option",
        expected: "key=value",
        found: JSON.stringify(pair),
      });
    const raw = pair.slice(eq + 1);
    options[pair.slice(0, eq)] =
      raw === "true" ? true : raw === "false" ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return options;
}
