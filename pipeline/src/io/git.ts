// Read-only git facts for run manifests: the commit a run came from and whether the tree was dirty.
import { execFileSync } from "node:child_process";

export function gitHead(root: string): { commit: string; dirty: boolean } | undefined {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const status = execFileSync(
      "git",
      ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!runs"],
      {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return undefined;
  }
}
