// GET leaderboard.json: every leaderboard row, packed (see lib/leaderboard-data.ts).
import type { APIRoute } from "astro";
import { packRows } from "../lib/leaderboard-data.ts";
import { siteLeaderboard } from "../lib/leaderboard-rows.ts";

export const GET: APIRoute = async () => new Response(JSON.stringify(packRows(await siteLeaderboard())));
