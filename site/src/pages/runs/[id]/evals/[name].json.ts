// GET runs/<id>/evals/<name>.json: an extra eval's view (eval.json, summary, items with verdicts
// and samples), offered for download.
import type { APIRoute, GetStaticPaths } from "astro";
import { loadEvalView } from "../../../../lib/eval-view.ts";
import { getRuns } from "../../../../lib/site-data.ts";

export const getStaticPaths: GetStaticPaths = async () =>
  (await getRuns()).flatMap((r) => r.evals.map((e) => ({ params: { id: r.id, name: e.name } })));

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(loadEvalView(String(params.id), String(params.name))));
