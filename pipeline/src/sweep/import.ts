// `sweep import <dir>`: bring trial run folders that arrive as workflow artifacts (each downloaded
// to `<dir>/<artifact>/` holding run.json, metrics.jsonl, …) into `runs/<id>/`. The id comes from
// the folder's own run.json, never from the artifact's name; every file is checked against its
// schema (github/run-folder.ts, what `publish` checks) before it replaces `runs/<id>/`.
//
//   const ids = await importRunFolders(root, "/tmp/trials"); // ["smoke-lr-t000-…", …]
import path from "node:path";
import { TunixError } from "../errors.ts";
import { checkRunFolder } from "../github/run-folder.ts";
import { outputPathInRepo } from "../io/confine.ts";
import { fileExists, folderExists, listFolders, replaceFolder, withTempDir } from "../io/files.ts";
import { readJsonFile } from "../io/read.ts";
import { RunManifest } from "../schemas/run.ts";

/** Every folder at `dir` or one level below it that holds a run.json. */
export function findRunFolders(dir: string): string[] {
  if (!folderExists(dir)) {
    throw new TunixError("E_NOT_FOUND", {
      file: dir,
      message: "folder not found",
      hint: "pass the folder the run artifacts were downloaded to",
    });
  }
  if (fileExists(path.join(dir, "run.json"))) return [dir];
  return listFolders(dir)
    .map((name) => path.join(dir, name))
    .filter((d) => fileExists(path.join(d, "run.json")));
}

export async function importRunFolders(root: string, dir: string): Promise<string[]> {
  const folders = findRunFolders(dir);
  const ids: string[] = [];
  for (const from of folders) {
    const display = `${path.basename(from)}/run.json`;
    const { id } = readJsonFile(path.join(from, "run.json"), RunManifest, display);
    if (id === "sweeps" || !/^[a-z0-9][a-z0-9._-]*$/.test(id)) {
      throw new TunixError("E_SCHEMA", {
        file: display,
        field: "id",
        expected: "a run id",
        found: JSON.stringify(id),
      });
    }
    // Check the copy under its real name before it replaces anything in the repository.
    await withTempDir("tunix-import-", async (staging) => {
      replaceFolder(from, path.join(staging, "runs", id));
      await checkRunFolder(staging, `runs/${id}`);
      const target = outputPathInRepo(
        root,
        path.join("runs", id),
        { field: "id", file: display },
        root,
        "replace-dir",
      );
      replaceFolder(path.join(staging, "runs", id), target);
    });
    ids.push(id);
  }
  return ids.sort();
}
