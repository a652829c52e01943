// Every relative link in the README, ARCHITECTURE.md, SECURITY.md and content/ resolves: Markdown
// links `[text](path)` (relative to the file; `#anchors` and URLs left out) and repository paths
// written in code spans. A code span counts as a path when it holds a `/` and ends in a file
// extension (.md .ts .yaml .json …), or is a config dotfile (`.secretlintignore`, `.npmrc`), with no
// placeholder (`<id>`, `*`, `…`, `{…}`) or space. It resolves when a file of the repository (tracked
// or not ignored) is that path or ends with it: `pipeline/src/judge/registry.ts`, or the short
// `kernels/webgpu-addn.ts` that guides use for pipeline/src/model/kernels/webgpu-addn.ts. Paths
// that are not files of the repository on purpose are listed, with why, in NOT_FILES.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Code-span paths that are not files of the repository on purpose → why. */
const NOT_FILES: Readonly<Record<string, string>> = Object.freeze({
  "traces/search/meta.json": "a path of the built site (site/dist), written by the site build",
});

interface DocLink {
  file: string;
  line: number;
  target: string;
  kind: "link" | "code";
}

/** The links and code-span paths of one Markdown text (fenced code blocks are left out). */
function docLinks(file: string, text: string): DocLink[] {
  const out: DocLink[] = [];
  let fenced = false;
  text.split("\n").forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
      out.push({ file, line: i + 1, target: target.split("#")[0], kind: "link" });
    }
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      const span = m[1];
      if (/[<>*…{}$|]/.test(span) || /^[a-z][a-z0-9+.-]*:/i.test(span)) continue;
      const isFile =
        /\/[^/]*\.(md|ts|tsx|astro|ya?ml|json|jsonl|js|mjs|py|sh|css)$/.test(span) ||
        /^\.[a-z][\w.-]*(ignore|rc|rc\.json)$/.test(span);
      if (isFile && !span.startsWith("../") && !span.startsWith("/"))
        out.push({ file, line: i + 1, target: span, kind: "code" });
    }
  });
  return out;
}

/** The repository's files: tracked, or untracked and not ignored (`/`-separated, from the root). */
function repoFiles(): Set<string> {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return new Set(out.split("\n").filter(Boolean));
}

function docFiles(): string[] {
  const files = ["README.md", "ARCHITECTURE.md", "SECURITY.md"];
  const visit = (dir: string) => {
    for (const e of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) visit(rel);
      else if (e.name.endsWith(".md")) files.push(rel);
    }
  };
  visit("content");
  return files;
}

describe("links in the docs", () => {
  it("finds links and code-span paths, and leaves URLs, anchors, placeholders and fences alone", () => {
    const text = [
      "See [the guide](../guides/datasets.md#locks) and [site](https://example.org).",
      "Edit `pipeline/src/judge/registry.ts`, `runs/<id>/run.json`, `traces/**.jsonl`, `.env` and `.secretlintignore`.",
      "```",
      "[not](a/link.md) `not/a/path.ts`",
      "```",
      "`tunix-rt compare` `a b.md` `x.ts`",
    ].join("\n");
    expect(docLinks("content/docs/x.md", text)).toEqual([
      { file: "content/docs/x.md", line: 1, target: "../guides/datasets.md", kind: "link" },
      { file: "content/docs/x.md", line: 2, target: "pipeline/src/judge/registry.ts", kind: "code" },
      { file: "content/docs/x.md", line: 2, target: ".secretlintignore", kind: "code" },
    ]);
  });

  it("every relative link in the README, ARCHITECTURE.md, SECURITY.md and content/ resolves", () => {
    const links = docFiles().flatMap((f) => docLinks(f, readFileSync(path.join(REPO, f), "utf8")));
    expect(links.length).toBeGreaterThan(50);
    const files = repoFiles();
    const resolves = (l: DocLink) =>
      l.kind === "link"
        ? existsSync(path.resolve(path.dirname(path.join(REPO, l.file)), l.target))
        : files.has(l.target) || [...files].some((f) => f.endsWith(`/${l.target}`));
    const broken = links
      .filter((l) => !(l.target in NOT_FILES) && !resolves(l))
      .map((l) => `${l.file}:${l.line}: ${l.target}`);
    expect(broken).toEqual([]);
  });
});
