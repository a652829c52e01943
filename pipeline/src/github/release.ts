// Attach files (model weights) to a GitHub release as assets: find the release by tag or create it,
// replace any asset of the same name (so a re-run is idempotent), upload each file through the
// release's upload URL. Files are read whole: GitHub caps one asset at 2 GiB.
//
//   const r = await uploadReleaseAssets(githubContext(env), { tag: "weights", files: ["artifacts/x/model.safetensors"] });

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { TunixError } from "../errors.ts";
import { type GithubContext, httpStatusOf } from "./actions-env.ts";

export interface UploadedAsset {
  name: string;
  id: number;
  bytes: number;
  url: string;
}

export interface ReleaseUpload {
  releaseId: number;
  tag: string;
  created: boolean;
  assets: UploadedAsset[];
}

/** Files to upload: each path, or the files directly inside a folder, sorted. */
export function expandAssetPaths(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new TunixError("E_NOT_FOUND", { file: p, message: "file not found" });
    }
    if (!isDir) files.push(p);
    else
      for (const name of readdirSync(p).sort())
        if (statSync(path.join(p, name)).isFile()) files.push(path.join(p, name));
  }
  return files;
}

export async function uploadReleaseAssets(
  gh: GithubContext,
  opts: { tag: string; files: string[]; prefix?: string; target?: string },
): Promise<ReleaseUpload> {
  const where = { owner: gh.owner, repo: gh.repo };
  const files = expandAssetPaths(opts.files);
  const names = files.map((f) => `${opts.prefix ?? ""}${path.basename(f)}`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new TunixError("E_DUPLICATE", {
      message: `two files would both be named ${dup} in the release`,
      hint: "use --prefix or pass one folder",
    });

  let release: { id: number; upload_url: string; assets: { id: number; name: string }[] };
  let created = false;
  try {
    try {
      release = (await gh.octokit.rest.repos.getReleaseByTag({ ...where, tag: opts.tag })).data;
    } catch (err) {
      if (httpStatusOf(err) !== 404) throw err;
      release = (
        await gh.octokit.rest.repos.createRelease({
          ...where,
          tag_name: opts.tag,
          name: opts.tag,
          target_commitish: opts.target,
        })
      ).data;
      created = true;
    }
    const assets: UploadedAsset[] = [];
    for (let i = 0; i < files.length; i++) {
      const old = release.assets.find((a) => a.name === names[i]);
      if (old) await gh.octokit.rest.repos.deleteReleaseAsset({ ...where, asset_id: old.id });
      const data = readFileSync(files[i]);
      const res = await gh.octokit.request({
        method: "POST",
        url: release.upload_url,
        name: names[i],
        data,
        headers: { "content-type": "application/octet-stream", "content-length": data.length },
      });
      const asset = res.data as { id: number; browser_download_url: string };
      assets.push({ name: names[i], id: asset.id, bytes: data.length, url: asset.browser_download_url });
    }
    return { releaseId: release.id, tag: opts.tag, created, assets };
  } catch (err) {
    if (err instanceof TunixError) throw err;
    throw new TunixError("E_GITHUB", {
      message: `cannot upload to release ${opts.tag}: ${httpStatusOf(err) ?? "network"} ${(err as Error).message}`,
      hint: "the job needs `permissions: contents: write`",
    });
  }
}
