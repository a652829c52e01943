// `tunix-rt package verify <zip>`: re-check an evidence package. Every member listed in SHA256SUMS
// must be present with that sha256 (a modified and a missing member are each named), and nothing
// may be unlisted. Then the cross-checks the files allow: the lock's identity is the one run.json
// recorded, the summary names the run, and — when the repository at `root` holds the traces — every
// trace id in the lock still has the content hash the lock gives it.
//
//   const report = await verifyPackage(root, bytes, "demo-b0541e87.zip"); // report.problems: [] when sound
import { lockIdentityHash } from "../dataset/lock-file.ts";
import type { Problem } from "../errors.ts";
import { sha256 } from "../io/json.ts";
import { globFiles } from "../io/repo.ts";
import { readTraces } from "../io/trace-reader.ts";
import { readZip } from "../io/zip.ts";
import { DatasetLock } from "../schemas/lock.ts";
import { RunManifest } from "../schemas/run.ts";
import { EvalSummary } from "../schemas/summary.ts";
import { shortHash } from "../traces/hash.ts";
import { SUMS_FILE } from "./package.ts";

export interface PackageReport {
  /** The package's top folder (the run id). */
  run: string;
  members: number;
  /** Members whose sha256 matched. */
  verified: number;
  /** Lock entries checked against the repository's traces; null when it holds none. */
  traces: { checked: number; absent: number; changed: number } | null;
  problems: Problem[];
}

export async function verifyPackage(root: string, bytes: Buffer, display: string): Promise<PackageReport> {
  const entries = readZip(bytes, display);
  const top = entries[0]?.name.split("/")[0] ?? "";
  const problems: Problem[] = [];
  const at = (name: string) => `${display}: ${name}`;
  const byName = new Map<string, Buffer>();
  for (const e of entries) {
    if (!e.name.startsWith(`${top}/`))
      problems.push({ file: at(e.name), message: `outside the package folder ${top}/` });
    else byName.set(e.name.slice(top.length + 1), e.data);
  }
  const report: PackageReport = { run: top, members: entries.length, verified: 0, traces: null, problems };
  const sums = byName.get(SUMS_FILE);
  if (!sums) {
    problems.push({
      file: at(`${top}/${SUMS_FILE}`),
      message: "missing: the package lists no hashes",
      hint: "make it again with tunix-rt package",
    });
    return report;
  }
  const listed = new Set<string>();
  sums
    .toString("utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line === "") return;
      const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      if (!m) {
        problems.push({
          file: at(`${top}/${SUMS_FILE}`),
          line: i + 1,
          expected: "`<sha256>  <path>`",
          found: JSON.stringify(line),
        });
        return;
      }
      const [, hash, name] = m;
      listed.add(name);
      const data = byName.get(name);
      if (!data) problems.push({ file: at(`${top}/${name}`), message: `missing (listed in ${SUMS_FILE})` });
      else if (sha256(data) !== hash)
        problems.push({
          file: at(`${top}/${name}`),
          message: "modified",
          expected: `sha256 ${hash}`,
          found: sha256(data),
        });
      else report.verified++;
    });
  for (const name of byName.keys()) {
    if (name !== SUMS_FILE && !listed.has(name))
      problems.push({ file: at(`${top}/${name}`), message: `not listed in ${SUMS_FILE}` });
  }
  if (problems.length === 0) report.traces = await crossCheck(root, byName, top, at, problems);
  return report;
}

/** Lock ↔ run.json ↔ summary, and the lock's trace hashes against the repository's traces. */
async function crossCheck(
  root: string,
  files: Map<string, Buffer>,
  run: string,
  at: (name: string) => string,
  problems: Problem[],
): Promise<PackageReport["traces"]> {
  const json = (name: string) => JSON.parse(files.get(name)?.toString("utf8") ?? "null") as unknown;
  const manifest = RunManifest.safeParse(json("run/run.json"));
  const lockName = [...files.keys()].find((n) => /^dataset\/[^/]+\.lock\.json$/.test(n));
  const lock = lockName ? DatasetLock.safeParse(json(lockName)) : undefined;
  if (!manifest.success || !lock?.success) {
    problems.push({
      file: at(`${run}/${manifest.success ? (lockName ?? "dataset/<name>.lock.json") : "run/run.json"}`),
      message: "missing or not schema-valid",
    });
    return null;
  }
  if (lockIdentityHash(files.get(lockName!)!) !== manifest.data.dataset?.lockHash) {
    problems.push({
      file: at(`${run}/${lockName}`),
      message: "not the lock run.json records",
      expected: manifest.data.dataset?.lockHash,
      found: lockIdentityHash(files.get(lockName!)!),
    });
  }
  const summary = EvalSummary.safeParse(json("run/eval_summary.json"));
  if (!summary.success || summary.data.run !== run) {
    problems.push({
      file: at(`${run}/run/eval_summary.json`),
      message: `missing, invalid or not the summary of ${run}`,
    });
  }
  const traceFiles = globFiles(root, ["traces/**/*.jsonl"]);
  if (traceFiles.length === 0) return null;
  const want = new Map<string, string>();
  for (const entries of Object.values(lock.data.splits)) for (const e of entries) want.set(e.id, e.hash);
  const counts = { checked: 0, absent: 0, changed: 0 };
  const seen = new Set<string>();
  for await (const { trace, file, line } of readTraces(root, traceFiles, () => {})) {
    const hash = want.get(trace.id);
    if (hash === undefined) continue;
    seen.add(trace.id);
    counts.checked++;
    if (shortHash(trace) !== hash) {
      counts.changed++;
      if (counts.changed <= 20)
        problems.push({
          file: `${file}:${line}`,
          field: "content",
          message: `trace ${trace.id} changed since the lock`,
          expected: hash,
          found: shortHash(trace),
        });
    }
  }
  counts.absent = want.size - seen.size;
  return counts;
}
