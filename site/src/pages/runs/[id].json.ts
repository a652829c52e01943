// GET runs/<id>.json: the run's view (config, summary, curves, items with verdicts), read by the
// compare page and offered for download.
import type { APIRoute, GetStaticPaths } from "astro";
import { loadRunView } from "../../lib/run-view.ts";
import { getRuns } from "../../lib/site-data.ts";

export const getStaticPaths: GetStaticPaths = async () =>
  (await getRuns()).map((r) => ({ params: { id: r.id } }));

export const GET: APIRoute = ({ params }) => new Response(JSON.stringify(loadRunView(String(params.id))));
