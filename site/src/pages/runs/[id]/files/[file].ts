// GET runs/<id>/files/<file>: the run's own files, byte for byte, for download.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRoute, GetStaticPaths } from "astro";
import { dataRoot } from "../../../../lib/root.ts";
import { getRuns } from "../../../../lib/site-data.ts";

export const getStaticPaths: GetStaticPaths = async () =>
  (await getRuns()).flatMap((r) => r.files.map((file) => ({ params: { id: r.id, file } })));

export const GET: APIRoute = ({ params }) =>
  new Response(readFileSync(path.join(dataRoot(), "runs", String(params.id), String(params.file))));
