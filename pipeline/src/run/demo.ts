// The demo: dataset build (when the lock is stale) → `run` on the demo config → site build.
// The run goes to `runs/<name>-<hash>-local`, beside (not over) the committed run of the same
// config, so a fresh clone really trains and the leaderboard shows the two side by side; running
// the demo again resumes or skips that local run.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { checkDatasetLock, writeDatasetLock } from "../dataset/build.ts";
import type { EvalSummary } from "../schemas/summary.ts";
import { loadRunConfig } from "./config-load.ts";
import { lockHashOf, runIdFor } from "./manifest.ts";
import { type RunPipelineOptions, runPipeline } from "./pipeline.ts";
import { shellQuote } from "./resume-command.ts";

export const DEMO_CONFIG = "configs/runs/demo.yaml";

export interface DemoResult {
  runId: string;
  seconds: number;
  interrupted: boolean;
  /** When interrupted: the exact command that continues it. */
  resumeCommand?: string;
  summary?: EvalSummary;
  siteDir?: string;
}

export async function runDemo(
  opts: Omit<RunPipelineOptions, "force"> & { site: boolean },
): Promise<DemoResult> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const loaded = loadRunConfig(opts.root, opts.configPath, opts.sets ?? []);
  const name = loaded.config.dataset.name;
  if ((await checkDatasetLock(opts.root, name)).length > 0) {
    log(`dataset: building ${name}`);
    await writeDatasetLock(opts.root, name);
  } else log(`dataset: ${name} is up to date`);
  const runId = opts.runId ?? `${runIdFor(loaded.name, loaded.config, lockHashOf(opts.root, name))}-local`;
  const words = ["tunix-rt", "demo"];
  if (loaded.configPath !== DEMO_CONFIG) words.push("--config", loaded.configPath);
  for (const s of opts.sets ?? []) words.push("--set", s);
  if (!opts.site) words.push("--no-site");
  const resumeCommand = words.map(shellQuote).join(" ");
  const r = await runPipeline({ ...opts, runId, resumeCommand });
  if (r.interrupted)
    return { runId: r.runId, seconds: (Date.now() - t0) / 1000, interrupted: true, resumeCommand };
  let siteDir: string | undefined;
  if (opts.site && existsSync(path.join(opts.root, "site", "astro.config.mjs"))) {
    log("site: building");
    const astro = path.join(opts.root, "node_modules", ".bin", "astro");
    execFileSync(astro, ["build", "--root", "site", "--silent"], {
      cwd: opts.root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1" },
    });
    siteDir = "site/dist";
  }
  return {
    runId: r.runId,
    seconds: (Date.now() - t0) / 1000,
    interrupted: false,
    summary: r.summary,
    siteDir,
  };
}
