// A local stand-in for the GitHub REST routes that `tunix-rt report` calls, on 127.0.0.1 (port 0),
// for tests: list/create/update issue comments, create check runs, read a collaborator's permission,
// find/create releases and upload/delete their assets.
// It records every request and can answer 403 for writes (a fork PR's read-only token).
//
//   const gh = await startFakeGithub({ roles: { alice: "write" } }); … gh.url … await gh.close();

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeComment {
  id: number;
  body: string;
  html_url: string;
}

export interface FakeRelease {
  id: number;
  tag_name: string;
  upload_url: string;
  assets: { id: number; name: string; size: number; browser_download_url: string; bytes: Buffer }[];
}

export interface FakeGithub {
  url: string;
  releases: FakeRelease[];
  comments: Map<number, FakeComment[]>;
  checkRuns: Record<string, unknown>[];
  requests: { method: string; path: string; auth?: string }[];
  /** When true, every write answers 403 like a read-only token. */
  readOnly: boolean;
  close(): Promise<void>;
}

export async function startFakeGithub(
  opts: { owner?: string; repo?: string; roles?: Record<string, string> } = {},
): Promise<FakeGithub> {
  const base = `/repos/${opts.owner ?? "acme"}/${opts.repo ?? "traces"}`;
  let nextId = 1000;
  const state: Omit<FakeGithub, "url" | "close"> = {
    releases: [],
    comments: new Map(),
    checkRuns: [],
    requests: [],
    readOnly: false,
  };
  let origin = "";

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    state.requests.push({ method, path: url.pathname, auth: req.headers.authorization });
    const raw = await readBody(req);
    const isUpload = url.pathname.startsWith("/uploads/");
    const body =
      method === "GET" || isUpload || raw.length === 0
        ? {}
        : (JSON.parse(raw.toString("utf8")) as Record<string, unknown>);
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (state.readOnly && method !== "GET")
      return send(403, { message: "Resource not accessible by integration" });
    let m = url.pathname.match(new RegExp(`^${base}/issues/(\\d+)/comments$`));
    if (m) {
      const list = state.comments.get(Number(m[1])) ?? [];
      if (method === "GET") return send(200, list);
      const comment = {
        id: nextId++,
        body: String(body.body),
        html_url: `https://example.invalid/c/${nextId}`,
      };
      state.comments.set(Number(m[1]), [...list, comment]);
      return send(201, comment);
    }
    m = url.pathname.match(new RegExp(`^${base}/issues/comments/(\\d+)$`));
    if (m && method === "PATCH") {
      for (const list of state.comments.values()) {
        const c = list.find((x) => x.id === Number(m?.[1]));
        if (c) {
          c.body = String(body.body);
          return send(200, c);
        }
      }
      return send(404, { message: "Not Found" });
    }
    if (url.pathname === `${base}/check-runs` && method === "POST") {
      const run = { ...body, id: nextId++, html_url: "https://example.invalid/check" };
      state.checkRuns.push(run);
      return send(201, run);
    }
    m = url.pathname.match(new RegExp(`^${base}/releases/tags/(.+)$`));
    if (m && method === "GET") {
      const release = state.releases.find((r) => r.tag_name === decodeURIComponent(m?.[1] ?? ""));
      return release ? send(200, release) : send(404, { message: "Not Found" });
    }
    if (url.pathname === `${base}/releases` && method === "POST") {
      const id = nextId++;
      const release = {
        id,
        tag_name: String(body.tag_name),
        upload_url: `${origin}/uploads${base}/releases/${id}/assets{?name,label}`,
        assets: [],
      };
      state.releases.push(release);
      return send(201, release);
    }
    m = url.pathname.match(new RegExp(`^${base}/releases/assets/(\\d+)$`));
    if (m && method === "DELETE") {
      for (const r of state.releases) r.assets = r.assets.filter((a) => a.id !== Number(m?.[1]));
      res.writeHead(204);
      return res.end();
    }
    m = url.pathname.match(new RegExp(`^/uploads${base}/releases/(\\d+)/assets$`));
    if (m && method === "POST") {
      const release = state.releases.find((r) => r.id === Number(m?.[1]));
      if (!release) return send(404, { message: "Not Found" });
      const name = url.searchParams.get("name") ?? "";
      const asset = {
        id: nextId++,
        name,
        size: raw.length,
        browser_download_url: `https://example.invalid/d/${name}`,
        bytes: raw,
      };
      release.assets.push(asset);
      return send(201, { ...asset, bytes: undefined });
    }
    m = url.pathname.match(new RegExp(`^${base}/collaborators/([^/]+)/permission$`));
    if (m && method === "GET") {
      const role = opts.roles?.[m[1]];
      if (!role) return send(404, { message: "Not Found" });
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return send(200, { permission, role_name: role, user: { login: m[1] } });
    }
    send(404, { message: `no route ${method} ${url.pathname}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
