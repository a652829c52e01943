// `tunix-rt package <run>`: a run as verifiable evidence, one zip with a top folder `<run-id>/`:
//   README.md              what was trained on what, the scores with their intervals, how to reproduce it
//   SHA256SUMS             sha256 of every other member (`sha256sum -c SHA256SUMS` works too)
//   config/<name>.yaml     the resolved config (run.json's), named so `tunix-rt run` gives the same run id
//   dataset/<name>.yaml    the dataset manifest, and dataset/<name>.lock.json the lock the run used
//   run/…                  the run folder: run.json, metrics, predictions, verdicts, eval summary, evals
// Byte-identical when made twice (io/zip.ts: fixed order, timestamps and modes; no compression).
// Refuses a run without a summary, or whose dataset lock has changed since (the package would pair
// the run with another lock).
//
//   const { bytes, members } = await packageRun(root, "demo-b0541e87");
import path from "node:path";
import { stringify } from "yaml";
import { datasetPaths } from "../dataset/manifest.ts";
import { TunixError } from "../errors.ts";
import { fileExists, readBytes } from "../io/files.ts";
import { sha256, stableStringify } from "../io/json.ts";
import { listTree } from "../io/repo.ts";
import { type ZipMember, zipBytes } from "../io/zip.ts";
import { readRunFolder } from "../report/runs-reader.ts";
import { loadRunConfig } from "./config-load.ts";
import { lockHashOf, runIdFor } from "./manifest.ts";
import { packageReadme } from "./package-readme.ts";

export const SUMS_FILE = "SHA256SUMS";

export interface RunPackage {
  bytes: Buffer;
  /** Member paths inside the top folder, in zip order. */
  members: string[];
}

export async function packageRun(root: string, runId: string): Promise<RunPackage> {
  const run = readRunFolder(root, runId, { items: false });
  const m = run.manifest;
  if (!run.summary) {
    throw new TunixError("E_STATE", {
      file: `runs/${runId}/eval_summary.json`,
      message: "the run has no eval summary: there is nothing to give as evidence yet",
      hint: `finish it first: tunix-rt run ${m.configPath ?? "<config>"}`,
    });
  }
  const dataset = m.dataset?.name ?? m.config.dataset.name;
  const paths = datasetPaths(dataset);
  const lockHash = lockHashOf(root, dataset);
  if (!m.dataset?.lockHash || lockHash !== m.dataset.lockHash) {
    throw new TunixError("E_STALE", {
      file: paths.lock,
      message: `the lock is not the one runs/${runId} was trained with`,
      expected: m.dataset?.lockHash
        ? `lock identity ${m.dataset.lockHash.slice(0, 12)}…`
        : "a run that recorded its lock",
      found: lockHash ? `${lockHash.slice(0, 12)}…` : "no lock",
      hint: m.git ? `package from a checkout of ${m.git.commit}, where the lock is the run's` : undefined,
    });
  }
  const files: [string, Buffer][] = [];
  const configName = `config/${m.name}.yaml`;
  files.push([configName, Buffer.from(stringify(JSON.parse(stableStringify(m.config))), "utf8")]);
  files.push([`dataset/${dataset}.yaml`, readBytes(path.join(root, paths.manifest), paths.manifest)]);
  files.push([`dataset/${dataset}.lock.json`, readBytes(path.join(root, paths.lock), paths.lock)]);
  for (const rel of listTree(root, [`runs/${runId}`])) {
    files.push([`run/${rel.slice(`runs/${runId}/`.length)}`, readBytes(path.join(root, rel), rel)]);
  }
  const readme = packageReadme({
    manifest: m,
    summary: run.summary,
    lock: JSON.parse(files[2][1].toString("utf8")),
    configFile: configName,
    sameFromConfigPath: reproducesFromConfigPath(root, m.configPath, runId, lockHash),
  });
  files.push(["README.md", Buffer.from(readme, "utf8")]);
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const sums = files.map(([name, data]) => `${sha256(data)}  ${name}\n`).join("");
  const all: [string, Buffer][] = [...files, [SUMS_FILE, Buffer.from(sums, "utf8")]];
  const members: ZipMember[] = all.map(([name, data]) => ({ name: `${runId}/${name}`, data }));
  return { bytes: await zipBytes(members), members: all.map(([name]) => name) };
}

/** Does the run's own config file, as it is in this checkout, still give the run's id? */
function reproducesFromConfigPath(
  root: string,
  configPath: string | undefined,
  runId: string,
  lockHash: string,
) {
  if (!configPath || !fileExists(path.join(root, configPath))) return false;
  try {
    const loaded = loadRunConfig(root, configPath);
    return runIdFor(loaded.name, loaded.config, lockHash) === runId;
  } catch {
    return false; // a config that no longer loads cannot reproduce the run: the README uses the packaged one
  }
}
