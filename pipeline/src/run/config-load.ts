// Run config loading with layering: schema defaults → the YAML file → `--set key=value` overrides
// (dotted keys, values parsed as YAML, so `--set training.lr=1e-3` is a number and
// `--set tags=[a,b]` a list). Unknown keys are errors wherever they come from; errors name the file
// and line, or the `--set` that caused them.
//
//   const { config, name, configPath } = loadRunConfig(root, "configs/runs/tiny.yaml", ["training.steps=20"]);
import path from "node:path";
import { parse as parseYamlValue } from "yaml";
import { TunixError } from "../errors.ts";
import { pathInRepo } from "../io/confine.ts";
import { issuesToProblems, parseYaml } from "../io/read.ts";
import { relPath } from "../io/repo.ts";
import { readUtf8 } from "../io/utf8.ts";
import { RunConfig } from "../schemas/config.ts";
import { checkConfigPaths } from "./config-paths.ts";

export interface LoadedConfig {
  config: RunConfig;
  /** `config.name`, else the file name without extension. */
  name: string;
  /** Repository-relative path of the file. */
  configPath: string;
}

export function loadRunConfig(root: string, file: string, sets: readonly string[] = []): LoadedConfig {
  const abs = path.resolve(root, file);
  const display = relPath(root, abs);
  pathInRepo(root, abs, { field: "run config" });
  let text: string;
  try {
    text = readUtf8(abs, display);
  } catch (err) {
    if ((err as TunixError).code !== "E_NOT_FOUND") throw err;
    throw new TunixError("E_NOT_FOUND", {
      file: display,
      message: "run config not found",
      hint: "see configs/runs/ for examples",
    });
  }
  const { value, lineOf } = parseYaml(text, display);
  const raw = (value ?? {}) as Record<string, unknown>;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new TunixError("E_SCHEMA", { file: display, line: 1, expected: "a mapping", found: typeof raw });
  }
  const setKeys: string[] = [];
  for (const s of sets) setKeys.push(applySet(raw, s));
  const parsed = RunConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = issuesToProblems(parsed.error.issues, display, raw, lineOf).map((p) => {
      const from = setKeys.find(
        (k) => p.field === k || p.field?.startsWith(`${k}.`) || k.startsWith(`${p.field}.`),
      );
      return from ? { ...p, file: "--set", line: undefined, hint: p.hint ?? `fix --set ${from}=…` } : p;
    });
    throw new TunixError("E_SCHEMA", problems);
  }
  checkConfigPaths(root, parsed.data, { file: display, lineOf, setKeys });
  const name = parsed.data.name ?? path.basename(abs).replace(/\.ya?ml$/, "");
  return { config: parsed.data, name, configPath: display };
}

/** Apply one `a.b.c=value` to a raw config object; returns the dotted key. */
export function applySet(raw: Record<string, unknown>, set: string): string {
  const eq = set.indexOf("=");
  if (eq <= 0) {
    throw new TunixError("E_USAGE", {
      field: "--set",
      expected: "key=value (e.g. training.lr=1e-3)",
      found: set,
    });
  }
  const key = set.slice(0, eq).trim();
  const parts = key.split(".");
  if (parts.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype")) {
    throw new TunixError("E_USAGE", {
      field: "--set",
      expected: "a dotted key such as training.lr",
      found: key,
    });
  }
  let value: unknown;
  try {
    value = parseYamlValue(set.slice(eq + 1));
  } catch (err) {
    throw new TunixError("E_USAGE", {
      field: `--set ${key}`,
      expected: "a YAML value",
      found: (err as Error).message,
    });
  }
  let node = raw;
  for (const p of parts.slice(0, -1)) {
    const next = node[p];
    if (next === undefined || next === null) node[p] = {};
    else if (typeof next !== "object" || Array.isArray(next)) {
      throw new TunixError("E_USAGE", {
        field: `--set ${key}`,
        expected: `${p} to be a mapping`,
        found: JSON.stringify(next),
      });
    }
    node = node[p] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
  return key;
}
