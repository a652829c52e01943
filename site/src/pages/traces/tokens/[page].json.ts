// GET traces/tokens/<page>.json: the token view of each trace of one trace page, fetched when a
// reader asks for it (TokenView.astro): trace id → { d: dataset/split, c: run config, k: tokenizer,
// t: token texts, l: "0"/"1" per token (1: the trainer puts loss on it), x: tokens cut at maxLength }.
// Traces of no dataset a run config trains on are left out (run/trace-tokens.ts).
import type { APIRoute, GetStaticPaths } from "astro";
import { datasetTokenViews } from "../../../../../pipeline/src/run/trace-tokens.ts";
import { dataRoot } from "../../../lib/root.ts";
import { getTracePages } from "../../../lib/site-data.ts";

let views: ReturnType<typeof datasetTokenViews> | undefined;

export const getStaticPaths: GetStaticPaths = async () =>
  (await getTracePages()).map((p) => ({ params: { page: String(p.page) } }));

export const GET: APIRoute = async ({ params }) => {
  views ??= datasetTokenViews(dataRoot());
  const byDataset = await views;
  const page = (await getTracePages()).find((p) => p.page === Number(params.page));
  const out: Record<string, unknown> = {};
  for (const { trace, datasets } of page?.traces ?? []) {
    const member = datasets.find((d) => byDataset.has(d.split("/")[0]));
    const v = member ? byDataset.get(member.split("/")[0]) : undefined;
    if (!member || !v) continue;
    const ex = v.view(trace);
    out[trace.id] = {
      d: member,
      c: v.config,
      k: v.tokenizer,
      t: ex.tokens.map((t) => t.text),
      l: ex.tokens.map((t) => (t.loss ? "1" : "0")).join(""),
      x: ex.dropped?.tokens ?? 0,
    };
  }
  return new Response(JSON.stringify(out));
};
