// A local stand-in for the Hugging Face Hub's dataset routes, for tests (no network): an HTTP server
// on 127.0.0.1 (port 0) that answers
//   GET /api/datasets/<owner>/<name>/revision/<rev>[?blobs=true] → { id, sha, siblings: [{ rfilename, size, lfs? }] }
//   GET /datasets/<owner>/<name>/resolve/<commit>/<path>          → the file's bytes
// from files the test puts in. Parquet files get `lfs.sha256` (the Hub stores them in LFS); a test can
// swap a file's bytes behind the same commit, with or without updating the stated hash.
//
//   const hub = await startHubServer();
//   const commit = hub.commit("openai/gsm8k", { "main/test-00000-of-00001.parquet": bytes }, ["main"]);
//   hubClient({ endpoint: hub.url }); …; await hub.close();
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HubServer {
  url: string;
  /** Add a commit with these files; `refs` (branches, tags) point at it. Returns its 40-hex sha. */
  commit(repo: string, files: Record<string, Uint8Array>, refs?: string[]): string;
  /** Serve other bytes for a file of an existing commit; `restate`: update the stated LFS hash too. */
  replace(repo: string, commit: string, file: string, bytes: Uint8Array, restate?: boolean): void;
  /** Paths requested so far (for assertions on the routes used). */
  requests: string[];
  close(): Promise<void>;
}

interface Stored {
  bytes: Uint8Array;
  statedSha256?: string;
}

export async function startHubServer(): Promise<HubServer> {
  const commits = new Map<string, Map<string, Stored>>(); // `${repo}@${sha}` → files
  const refs = new Map<string, string>(); // `${repo}@${ref}` → sha
  const requests: string[] = [];
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(url.pathname + url.search);
    const send = (status: number, body: string | Uint8Array, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    const info = /^\/api\/datasets\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    if (info) {
      const repo = info[1];
      const rev = decodeURIComponent(info[2]);
      const sha = refs.get(`${repo}@${rev}`) ?? (commits.has(`${repo}@${rev}`) ? rev : undefined);
      const files = sha ? commits.get(`${repo}@${sha}`) : undefined;
      if (!sha || !files) return send(404, JSON.stringify({ error: "Revision Not Found" }));
      const blobs = url.searchParams.get("blobs") === "true";
      const siblings = [...files].map(([rfilename, f]) => ({
        rfilename,
        ...(blobs ? { size: f.bytes.length } : {}),
        ...(blobs && f.statedSha256 ? { lfs: { sha256: f.statedSha256, size: f.bytes.length } } : {}),
      }));
      return send(200, JSON.stringify({ id: repo, sha, siblings }));
    }
    const file = /^\/datasets\/([^/]+\/[^/]+)\/resolve\/([0-9a-f]{40})\/(.+)$/.exec(url.pathname);
    const stored = file ? commits.get(`${file[1]}@${file[2]}`)?.get(decodeURIComponent(file[3])) : undefined;
    if (stored) return send(200, stored.bytes, "application/octet-stream");
    send(404, JSON.stringify({ error: "Entry not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    commit(repo, files, names = ["main"]) {
      const sha = createHash("sha1").update(`${repo}:${counter++}`).digest("hex");
      const stored = new Map<string, Stored>();
      for (const [p, bytes] of Object.entries(files)) {
        const statedSha256 = p.endsWith(".parquet") ? sha256Hex(bytes) : undefined;
        stored.set(p, { bytes, statedSha256 });
      }
      commits.set(`${repo}@${sha}`, stored);
      for (const ref of names) refs.set(`${repo}@${ref}`, sha);
      return sha;
    },
    replace(repo, commit, p, bytes, restate = false) {
      const files = commits.get(`${repo}@${commit}`);
      const old = files?.get(p);
      if (!files || !old) throw new Error(`no ${p} at ${repo}@${commit}`);
      files.set(p, {
        bytes,
        statedSha256: restate && old.statedSha256 ? sha256Hex(bytes) : old.statedSha256,
      });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
