// Browser side of the trace browser: search prompts by words (all words must match; the last may be
// a prefix) with the term shards fetched on demand, filter by source, category, difficulty and
// dataset/split with the facet columns, and page through the results. State in the URL query.
import { clear, el, fetchJson } from "./dom.ts";
import { type Card, decodePostings, type SearchMeta, shardOf, tokenize } from "./search-tokens.ts";

const RESULTS_PER_PAGE = 20;
const FACETS = ["source", "category", "difficulty", "dataset"] as const;

export function mountTraceSearch(root: HTMLElement): void {
  const base = root.dataset.base ?? "/";
  const form = root.querySelector<HTMLFormElement>("#trace-search")!;
  const results = root.querySelector<HTMLElement>("#trace-results")!;
  const listing = root.querySelector<HTMLElement>("#trace-listing")!;
  const shards = new Map<string, Promise<Record<string, number[]>>>();
  const cards = new Map<number, Promise<Card[]>>();
  let meta: Promise<SearchMeta> | undefined;
  const getMeta = () => (meta ??= fetchJson<SearchMeta>(`${base}traces/search/meta.json`));
  const getShard = (s: string) => {
    let p = shards.get(s);
    if (!p) {
      p = fetchJson<Record<string, number[]>>(`${base}traces/search/terms/${s}.json`).catch(() => ({}));
      shards.set(s, p);
    }
    return p;
  };
  const getCards = (page: number) => {
    let p = cards.get(page);
    if (!p) {
      p = fetchJson<Card[]>(`${base}traces/search/cards/${page}.json`);
      cards.set(page, p);
    }
    return p;
  };

  const fill = async () => {
    const m = await getMeta();
    const options: Record<(typeof FACETS)[number], [string, string][]> = {
      source: m.sources.map((s, i) => [String(i), s]),
      category: m.categories.map((s, i) => [String(i), s]),
      difficulty: [...new Set(m.diff)]
        .filter((d) => d > 0)
        .sort((a, b) => a - b)
        .map((d) => [String(d), String(d)]),
      dataset: m.datasets.map((s, i) => [String(i), s]),
    };
    for (const f of FACETS) {
      const select = form.elements.namedItem(f) as HTMLSelectElement;
      for (const [value, label] of [...options[f]].sort((a, b) =>
        a[1].localeCompare(b[1], "en", { numeric: true }),
      ))
        select.append(el("option", { value }, label));
    }
  };

  const run = async (page: number) => {
    const data = new FormData(form);
    const q = String(data.get("q") ?? "").trim();
    const facet = Object.fromEntries(FACETS.map((f) => [f, String(data.get(f) ?? "")])) as Record<
      (typeof FACETS)[number],
      string
    >;
    const url = new URL(location.href);
    for (const [k, v] of [["q", q], ...Object.entries(facet)])
      v ? url.searchParams.set(k, v) : url.searchParams.delete(k);
    page > 1 ? url.searchParams.set("page", String(page)) : url.searchParams.delete("page");
    history.replaceState(null, "", url);
    if (!q && FACETS.every((f) => !facet[f])) {
      results.hidden = true;
      listing.hidden = false;
      return;
    }
    const m = await getMeta();
    let hits: number[] | undefined;
    const words = tokenize(q);
    for (let w = 0; w < words.length; w++) {
      const word = words[w];
      const shard = await getShard(shardOf(word));
      const last = w === words.length - 1;
      const found = new Set<number>();
      for (const [tok, deltas] of Object.entries(shard)) {
        if (tok === word || (last && tok.startsWith(word)))
          for (const o of decodePostings(deltas)) found.add(o);
      }
      hits = (hits ?? [...found].sort((a, b) => a - b)).filter((o) => found.has(o));
    }
    if (q && words.length === 0) hits = [];
    const member = facet.dataset ? Number(facet.dataset) : -1;
    const keep = (o: number) =>
      (!facet.source || m.src[o] === Number(facet.source)) &&
      (!facet.category || m.cat[o] === Number(facet.category)) &&
      (!facet.difficulty || m.diff[o] === Number(facet.difficulty)) &&
      (member < 0 || m.memberships[m.member[o]].includes(member));
    const all = hits ?? Array.from({ length: m.count }, (_, i) => i);
    const matched = all.filter(keep);
    const pages = Math.max(1, Math.ceil(matched.length / RESULTS_PER_PAGE));
    const current = Math.min(page, pages);
    const slice = matched.slice((current - 1) * RESULTS_PER_PAGE, current * RESULTS_PER_PAGE);
    const items = await Promise.all(
      slice.map(async (o) => {
        const tracePage = Math.floor(o / m.pageSize) + 1;
        const [id, snippet] = (await getCards(tracePage))[o % m.pageSize];
        return el(
          "li",
          {},
          el(
            "a",
            { href: `${base}traces/${tracePage}/#${encodeURIComponent(`t-${id}`)}` },
            el("code", {}, id),
          ),
          " ",
          el("span", { class: "text" }, snippet),
        );
      }),
    );
    clear(results);
    results.append(
      el(
        "p",
        { class: "muted", id: "trace-hit-count" },
        `${matched.length.toLocaleString("en")} traces match`,
      ),
      el("ol", { start: String((current - 1) * RESULTS_PER_PAGE + 1), id: "trace-hits" }, ...items),
    );
    if (pages > 1) {
      const prev = el("button", { type: "button" }, "← previous");
      prev.disabled = current === 1;
      prev.onclick = () => void run(current - 1);
      const next = el("button", { type: "button" }, "next →");
      next.disabled = current === pages;
      next.onclick = () => void run(current + 1);
      results.append(
        el("div", { class: "pager" }, prev, el("span", {}, `page ${current} of ${pages}`), next),
      );
    }
    results.hidden = false;
    listing.hidden = true;
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void run(1);
  });
  form.addEventListener("change", (e) => {
    if ((e.target as HTMLElement).tagName === "SELECT") void run(1);
  });
  form.addEventListener("reset", () => setTimeout(() => void run(1)));
  const q = new URLSearchParams(location.search);
  void fill().then(() => {
    (form.elements.namedItem("q") as HTMLInputElement).value = q.get("q") ?? "";
    for (const f of FACETS) (form.elements.namedItem(f) as HTMLSelectElement).value = q.get(f) ?? "";
    root.dataset.ready = "true";
    if (q.get("q") || FACETS.some((f) => q.get(f))) void run(Number(q.get("page")) || 1);
  });
  // A deep link scrolls its trace into view (the anchor is an <article id="t-…">).
  if (location.hash)
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView({ block: "start" });
}
