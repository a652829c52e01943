// Build the site for a data root into an output folder with the project's Astro (a child process on
// the same Node as the caller). Used by the browser tests and the site benchmark.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface BuildResult {
  seconds: number;
  /** Peak resident set size of the build process in bytes (from /proc when available, else 0). */
  peakRssBytes: number;
  output: string;
}

export function buildSite(opts: {
  dataRoot: string;
  outDir: string;
  base?: string;
  env?: Record<string, string>;
}): Promise<BuildResult> {
  const astro = path.join(REPO, "node_modules/astro/bin/astro.mjs");
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astro, "build", "--root", "site", "--outDir", opts.outDir], {
      cwd: REPO,
      env: {
        ...cleanEnv(),
        ASTRO_TELEMETRY_DISABLED: "1",
        TUNIX_RT_ROOT: opts.dataRoot,
        TUNIX_RT_BASE: opts.base ?? "/",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let peak = 0;
    const probe = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 250);
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(probe);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code === 0) resolve({ seconds, peakRssBytes: peak, output });
      else reject(new Error(`astro build failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

/** The caller's environment without what a test runner adds (Vitest mirrors import.meta.env — BASE_URL,
 * MODE, DEV, PROD, SSR — into process.env, and Astro would read BASE_URL from there). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ["BASE_URL", "MODE", "DEV", "PROD", "SSR", "NODE_ENV"]) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  return env;
}

/** Peak RSS (VmHWM) in bytes of a process plus its children (Linux /proc; 0 elsewhere). */
function treeRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    let total = 0;
    const visit = (p: number) => {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const m = /VmHWM:\s+(\d+) kB/.exec(status); // peak RSS so far
      if (m) total += Number(m[1]) * 1024;
      const kids = existsSync(`/proc/${p}/task/${p}/children`)
        ? readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim()
        : "";
      for (const k of kids ? kids.split(/\s+/) : []) visit(Number(k));
    };
    visit(pid);
    return total;
  } catch {
    return 0;
  }
}
