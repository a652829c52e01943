// The two Hugging Face Hub routes a dataset import needs, over fetch:
//   GET {endpoint}/api/datasets/{owner}/{name}/revision/{revision}?blobs=true
//       → { sha: the commit, siblings: [{ rfilename, size, lfs?: { sha256, size } }] }
//   GET {endpoint}/datasets/{owner}/{name}/resolve/{commit}/{path}   → the file's bytes
// The endpoint is `HF_ENDPOINT` (as the Hub's own tools read it), else https://huggingface.co; a
// token in `HF_TOKEN` is sent as a bearer token. Files are always fetched at the resolved commit, so
// a branch that moves during an import cannot mix two commits.
//
//   const hub = hubClient();                                   // or hubClient({ endpoint: "http://127.0.0.1:…" })
//   const rev = await hub.resolveRevision("openai/gsm8k", "main");
//   const bytes = await hub.download("openai/gsm8k", rev.commit, "main/test-00000-of-00001.parquet");
import { TunixError } from "../../errors.ts";

export const DEFAULT_ENDPOINT = "https://huggingface.co";

export interface HubFile {
  path: string;
  bytes?: number;
  /** SHA-256 the Hub states for an LFS-stored file (Parquet files are). */
  lfsSha256?: string;
}

export interface HubRevision {
  commit: string;
  files: HubFile[];
}

export interface HubClient {
  endpoint: string;
  resolveRevision(repo: string, revision: string): Promise<HubRevision>;
  download(repo: string, commit: string, file: string): Promise<Uint8Array>;
}

export interface HubOptions {
  /** Default: HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Default: HF_TOKEN (none when unset). */
  token?: string;
}

export function hubClient(opts: HubOptions = {}, env: NodeJS.ProcessEnv = process.env): HubClient {
  const endpoint = (opts.endpoint ?? env.HF_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const token = opts.token ?? env.HF_TOKEN;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const get = async (url: string, what: string): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: "follow" });
    } catch (err) {
      throw new TunixError("E_NOT_FOUND", {
        message: `cannot reach ${endpoint} for ${what}: ${(err as Error).cause ?? (err as Error).message}`,
        hint: "check the network, or point HF_ENDPOINT at a mirror",
      });
    }
    if (!res.ok) {
      const hint =
        res.status === 401 || res.status === 403
          ? "a gated or private dataset needs a token: set HF_TOKEN"
          : res.status === 404
            ? "check the owner/name, the revision (@branch, @tag or @commit) and the file"
            : "try again later";
      // The error codes have no network kind: what cannot be had is "not found" (exit 1 either way).
      throw new TunixError("E_NOT_FOUND", { message: `${what}: HTTP ${res.status} from ${url}`, hint });
    }
    return res;
  };
  return {
    endpoint,
    async resolveRevision(repo, revision) {
      const url = `${endpoint}/api/datasets/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
      const body = (await (await get(url, `revision ${revision} of ${repo}`)).json()) as unknown;
      return parseRevision(body, `${repo}@${revision}`);
    },
    async download(repo, commit, file) {
      const url = `${endpoint}/datasets/${repo}/resolve/${commit}/${file.split("/").map(encodeURIComponent).join("/")}`;
      return new Uint8Array(
        await (await get(url, `${file} of ${repo}@${commit.slice(0, 12)}`)).arrayBuffer(),
      );
    },
  };
}

/** The commit and file list of a revision answer; anything else is an error naming what is wrong. */
export function parseRevision(body: unknown, label: string): HubRevision {
  const b = body as { sha?: unknown; siblings?: unknown } | null;
  if (!b || typeof b.sha !== "string" || !/^[0-9a-f]{40}$/.test(b.sha) || !Array.isArray(b.siblings)) {
    throw new TunixError("E_SCHEMA", {
      field: "sha, siblings",
      message: `the Hub's answer for ${label} is not a dataset revision`,
      expected: "{ sha: a 40-hex commit, siblings: [{ rfilename }] }",
      found: JSON.stringify(body).slice(0, 120),
    });
  }
  const files: HubFile[] = [];
  for (const s of b.siblings as { rfilename?: unknown; size?: unknown; lfs?: { sha256?: unknown } }[]) {
    if (typeof s?.rfilename !== "string") continue;
    files.push({
      path: s.rfilename,
      bytes: typeof s.size === "number" ? s.size : undefined,
      lfsSha256: typeof s.lfs?.sha256 === "string" ? s.lfs.sha256 : undefined,
    });
  }
  return { commit: b.sha, files: files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)) };
}
