// GET traces/search/terms/<shard>.json: token → delta-encoded trace ordinals, for tokens of one shard.
import type { APIRoute, GetStaticPaths } from "astro";
import { getSearchIndex } from "../../../../lib/search-index.ts";

export const getStaticPaths: GetStaticPaths = async () =>
  [...(await getSearchIndex()).shards.keys()].map((shard) => ({ params: { shard } }));

export const GET: APIRoute = async ({ params }) =>
  new Response(JSON.stringify((await getSearchIndex()).shards.get(String(params.shard)) ?? {}));
