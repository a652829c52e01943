// GET traces/search/cards/<page>.json: [id, prompt start] of the traces of one trace page.
import type { APIRoute, GetStaticPaths } from "astro";
import { getSearchIndex } from "../../../../lib/search-index.ts";

export const getStaticPaths: GetStaticPaths = async () =>
  [...(await getSearchIndex()).cards.keys()].map((page) => ({ params: { page: String(page) } }));

export const GET: APIRoute = async ({ params }) =>
  new Response(JSON.stringify((await getSearchIndex()).cards.get(Number(params.page)) ?? []));
