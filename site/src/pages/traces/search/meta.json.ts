// GET traces/search/meta.json: facet columns of every trace for the browser's filters.
import type { APIRoute } from "astro";
import { getSearchIndex } from "../../../lib/search-index.ts";

export const GET: APIRoute = async () => new Response(JSON.stringify((await getSearchIndex()).meta));
