// Build-time search index of every trace (kept in memory once per build): term shards
// (token → delta-encoded ordinals), facet columns for the filters, and result cards per page.
import { TRACES_PER_PAGE } from "./constants.ts";
import { type Card, encodePostings, type SearchMeta, shardOf, tokenize } from "./search-tokens.ts";
import { getTracePages } from "./site-data.ts";

export interface SearchIndex {
  shards: Map<string, Record<string, number[]>>;
  meta: SearchMeta;
  cards: Map<number, Card[]>;
}

let index: Promise<SearchIndex> | undefined;
export function getSearchIndex(): Promise<SearchIndex> {
  index ??= build();
  return index;
}

const SNIPPET_CHARS = 100;

async function build(): Promise<SearchIndex> {
  const pages = await getTracePages();
  const postings = new Map<string, number[]>();
  const table = () => {
    const ids = new Map<string, number>();
    const of = (key: string): number => {
      const known = ids.get(key);
      if (known !== undefined) return known;
      ids.set(key, ids.size);
      return ids.size - 1;
    };
    return { ids, of };
  };
  const sources = table();
  const categories = table();
  const datasets = table();
  const memberships = table();
  const meta: SearchMeta = {
    count: 0,
    pageSize: TRACES_PER_PAGE,
    sources: [],
    categories: [],
    datasets: [],
    memberships: [],
    src: [],
    cat: [],
    diff: [],
    member: [],
  };
  const cards = new Map<number, Card[]>();
  for (const p of pages) {
    const pageCards: Card[] = [];
    p.traces.forEach((t, i) => {
      const ord = p.first + i;
      for (const tok of new Set(tokenize(t.trace.prompt))) {
        const list = postings.get(tok);
        if (list) list.push(ord);
        else postings.set(tok, [ord]);
      }
      meta.src.push(sources.of(t.trace.source));
      meta.cat.push(t.trace.category ? categories.of(t.trace.category) : -1);
      meta.diff.push(t.trace.difficulty ?? 0);
      const set = t.datasets.map((d) => datasets.of(d));
      meta.member.push(memberships.of(JSON.stringify(set)));
      const prompt = t.trace.prompt;
      pageCards.push([
        t.trace.id,
        prompt.length > SNIPPET_CHARS ? `${prompt.slice(0, SNIPPET_CHARS)}…` : prompt,
      ]);
    });
    cards.set(p.page, pageCards);
  }
  meta.count = meta.src.length;
  meta.sources = [...sources.ids.keys()];
  meta.categories = [...categories.ids.keys()];
  meta.datasets = [...datasets.ids.keys()];
  meta.memberships = [...memberships.ids.keys()].map((k) => JSON.parse(k) as number[]);
  const shards = new Map<string, Record<string, number[]>>();
  for (const tok of [...postings.keys()].sort()) {
    const s = shardOf(tok);
    let shard = shards.get(s);
    if (!shard) {
      shard = {};
      shards.set(s, shard);
    }
    shard[tok] = encodePostings(postings.get(tok)!);
  }
  return { shards, meta, cards };
}
