// The data benchmark: `npm run bench -- data [--json] [--traces N] [--files F] [--keep] [--profile]`.
// Generates N seeded traces (~330 bytes each; default 1,000,000) into F files of a temp repository
// with a dataset manifest (stratified ratio split), then times three real CLI runs, each in its own
// child process with its peak RSS and CPU time reported by bench/rss-probe.ts:
//   1. `validate traces`      schema + unique ids over every trace (target ≥ 150,000 traces/s, ≤ 600 MB)
//   2. `dataset build bench`  the lock (filters, dedupe, stratified split, stats)
//   3. `validate`             everything, including the lock freshness check (a rebuild)
// `--profile` writes a CPU profile of each child to bench/results/profiles/.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { generateTraceLines } from "./trace-gen.ts";
import type { Bench, BenchOptions, BenchResult } from "./types.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, "../pipeline/bin/tunix-rt.js");
const PROBE = pathToFileURL(path.join(HERE, "rss-probe.ts")).href;

export const TARGETS = Object.freeze({
  validate_traces_per_s: 150_000,
  validate_peak_rss_mb: 600,
  build_peak_rss_mb: 600,
});

export const bench: Bench = {
  summary: "validate and dataset build over 1,000,000 generated traces (time, traces/s, peak RSS)",
  run,
};

interface ChildRun {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  code: number;
  stdout: string;
}

async function run({ args, log }: BenchOptions): Promise<BenchResult> {
  const { values } = parseArgs({
    args,
    options: {
      traces: { type: "string", default: "1000000" },
      files: { type: "string", default: "8" },
      keep: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
    },
  });
  const count = Number(values.traces);
  const fileCount = Number(values.files);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-bench-"));
  const profileDir = values.profile ? path.join(HERE, "results", "profiles") : undefined;
  try {
    log(`generating ${count.toLocaleString("en-US")} traces into ${fileCount} files under ${root}`);
    const gen = writeRepo(root, count, fileCount);
    log(`generated ${(gen.bytes / 2 ** 20).toFixed(0)} MiB in ${gen.seconds.toFixed(1)}s; running validate`);
    const validate = await runCli(root, ["validate", "traces", "--json"], profileDir, "validate");
    if (!validate.stdout.trim()) throw new Error(`validate exited ${validate.code} without a report`);
    const report = JSON.parse(validate.stdout) as { ok: boolean; traces: number; problemCount: number };
    if (!report.ok || report.traces !== count)
      throw new Error(`validate found ${report.problemCount} problems in ${report.traces} traces`);
    log(`validate: ${validate.seconds.toFixed(1)}s; running dataset build`);
    const build = await runCli(root, ["dataset", "build", "bench", "--json"], profileDir, "build");
    if (build.code !== 0) throw new Error(`dataset build exited ${build.code}`);
    log(`dataset build: ${build.seconds.toFixed(1)}s; running validate with the lock check`);
    const full = await runCli(root, ["validate", "--json"], profileDir, "validate-all");
    if (full.code !== 0) throw new Error(`validate (all) exited ${full.code}: ${full.stdout.slice(0, 500)}`);

    const perS = (s: number) => Math.round(count / s);
    const json = {
      traces: count,
      files: fileCount,
      bytes_per_trace: Math.round(gen.bytes / count),
      validate_seconds: round(validate.seconds),
      validate_traces_per_s: perS(validate.seconds),
      validate_cpu_seconds: round(validate.cpuSeconds),
      validate_traces_per_cpu_s: perS(validate.cpuSeconds),
      validate_peak_rss_mb: round(validate.peakRssMb),
      build_seconds: round(build.seconds),
      build_traces_per_s: perS(build.seconds),
      build_cpu_seconds: round(build.cpuSeconds),
      build_peak_rss_mb: round(build.peakRssMb),
      validate_all_seconds: round(full.seconds),
      validate_all_peak_rss_mb: round(full.peakRssMb),
      cpus: os.cpus().length,
      load_average_1m: round(os.loadavg()[0]),
      node: process.versions.node,
      targets: TARGETS,
      checks: {
        validate_traces_per_s: perS(validate.seconds) >= TARGETS.validate_traces_per_s,
        validate_peak_rss_mb: validate.peakRssMb <= TARGETS.validate_peak_rss_mb,
        build_peak_rss_mb: build.peakRssMb <= TARGETS.build_peak_rss_mb,
      },
      pass: false,
    };
    json.pass = Object.values(json.checks).every(Boolean);
    const row = (step: string, r: ChildRun) => ({
      step,
      seconds: round(r.seconds),
      "CPU s": round(r.cpuSeconds),
      "traces/s": perS(r.seconds),
      "peak RSS MB": round(r.peakRssMb),
    });
    const rows = [
      { step: "generate (in process)", seconds: round(gen.seconds), "traces/s": perS(gen.seconds) },
      row("validate traces", validate),
      row("dataset build (stratified)", build),
      row("validate (all, lock check)", full),
    ];
    return { rows, json };
  } finally {
    if (values.keep) log(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Trace files traces/bench/part-XX.jsonl and datasets/bench.yaml. */
function writeRepo(root: string, count: number, files: number): { bytes: number; seconds: number } {
  const started = performance.now();
  const dir = path.join(root, "traces", "bench");
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(root, "datasets"));
  let bytes = 0;
  const per = Math.ceil(count / files);
  for (let f = 0; f < files; f++) {
    const n = Math.min(per, count - f * per);
    const fd = fs.openSync(path.join(dir, `part-${String(f).padStart(2, "0")}.jsonl`), "w");
    let batch: string[] = [];
    for (const line of generateTraceLines({ seed: 1000 + f, count: n, start: f * per })) {
      batch.push(line);
      if (batch.length === 10_000) {
        bytes += flush(fd, batch);
        batch = [];
      }
    }
    bytes += flush(fd, batch);
    fs.closeSync(fd);
  }
  fs.writeFileSync(
    path.join(root, "datasets", "bench.yaml"),
    [
      "schemaVersion: 1",
      "name: bench",
      "sources: [traces/bench/*.jsonl]",
      "filters:",
      "  steps: { min: 1 }",
      "split:",
      "  ratios: { train: 0.9, eval: 0.1 }",
      "  stratify: category",
      "",
    ].join("\n"),
  );
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

function flush(fd: number, lines: string[]): number {
  if (lines.length === 0) return 0;
  const buf = Buffer.from(`${lines.join("\n")}\n`);
  fs.writeSync(fd, buf);
  return buf.length;
}

/** Run the CLI in a child process; wall time from spawn to exit, peak RSS from the probe. */
function runCli(
  root: string,
  args: string[],
  profileDir: string | undefined,
  label: string,
): Promise<ChildRun> {
  const rssFile = path.join(root, `.rss-${label}.json`);
  const flags = ["--import", PROBE];
  if (profileDir)
    flags.push("--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-name", `${label}.cpuprofile`);
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, BIN, ...args], {
    cwd: root,
    env: { ...process.env, TUNIX_RT_ROOT: root, TUNIX_BENCH_RSS_FILE: rssFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const probe = JSON.parse(fs.readFileSync(rssFile, "utf8")) as { maxRssKb: number; cpuUs: number };
      resolve({
        seconds,
        cpuSeconds: probe.cpuUs / 1e6,
        peakRssMb: probe.maxRssKb / 1024,
        code: code ?? -1,
        stdout: Buffer.concat(chunks).toString(),
      });
    });
  });
}

const round = (x: number) => Math.round(x * 100) / 100;
