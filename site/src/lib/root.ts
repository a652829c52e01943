// Where the site reads its data: TUNIX_RT_ROOT, else the repository found from the working
// directory (the pipeline's own `findRoot`), and how it links: every href goes through `href()`
// so the site works under a GitHub Pages project base path (TUNIX_RT_BASE).
import { findRoot } from "../../../pipeline/src/io/repo.ts";

export function dataRoot(): string {
  return findRoot(process.cwd());
}

/** A site-absolute link under the configured base: href("runs/x/") → "/base/runs/x/". */
export function href(p: string): string {
  const base = import.meta.env.BASE_URL.endsWith("/")
    ? import.meta.env.BASE_URL
    : `${import.meta.env.BASE_URL}/`;
  return base + p.replace(/^\/+/, "");
}
