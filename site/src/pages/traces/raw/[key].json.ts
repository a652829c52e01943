// GET traces/raw/<key>.json: the whole trace, as stable JSON, for each trace whose page shortens a
// text (lib/long-text.ts); the page links here for the characters it leaves out.
import type { APIRoute, GetStaticPaths } from "astro";
import { stableStringify } from "../../../../../pipeline/src/io/json.ts";
import type { Trace } from "../../../../../pipeline/src/schemas/trace.ts";
import { isLongTrace, rawTraceKey } from "../../../lib/long-text.ts";
import { getTracePages } from "../../../lib/site-data.ts";

export const getStaticPaths: GetStaticPaths = async () =>
  (await getTracePages()).flatMap((p) =>
    p.traces
      .filter(({ trace }) => isLongTrace(trace))
      .map(({ trace, file, line }) => ({
        params: { key: rawTraceKey(trace.id) },
        props: { trace, file, line },
      })),
  );

export const GET: APIRoute = ({ props }) => {
  const { trace, file, line } = props as { trace: Trace; file: string; line: number };
  return new Response(`${stableStringify({ file, line, trace }, 2)}\n`, {
    headers: { "content-type": "application/json; charset=utf-8" },
  });
};
