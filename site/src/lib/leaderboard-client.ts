// Browser side of the leaderboard: loads leaderboard.json, then sorts by any column (buttons in the
// headers: click, Enter or Space; aria-sort tells screen readers), filters by dataset, family, judge
// and tag, and pages. State lives in the URL query so a view can be shared. Rows are ranked inside
// each eval dataset/split (a header row opens each group): scores on different datasets are never
// ranked together.
import {
  groupOf,
  type LeaderboardRow,
  SORT_KEYS,
  type SortKey,
  sortRowsGrouped,
} from "../../../pipeline/src/report/leaderboard.ts";
import { LEADERBOARD_PAGE_ROWS } from "./constants.ts";
import { clear, el, fetchJson } from "./dom.ts";
import { type PackedLeaderboard, percent, unpackRows } from "./leaderboard-data.ts";

const FILTERS = ["dataset", "family", "judge", "tag"] as const;

export async function mountLeaderboard(root: HTMLElement): Promise<void> {
  const base = root.dataset.base ?? "/";
  const rows = unpackRows(await fetchJson<PackedLeaderboard>(root.dataset.json ?? "leaderboard.json"));
  const form = root.querySelector<HTMLFormElement>("#lb-filters")!;
  const tbody = root.querySelector<HTMLTableSectionElement>("#lb-table tbody")!;
  const pager = root.querySelector<HTMLElement>("#lb-pager")!;
  const count = root.querySelector<HTMLElement>("#lb-count")!;
  const headers = [...root.querySelectorAll<HTMLTableCellElement>("th[data-key]")];

  const q = new URLSearchParams(location.search);
  const state = {
    sort: (SORT_KEYS as readonly string[]).includes(q.get("sort") ?? "")
      ? (q.get("sort") as SortKey)
      : ("score" as SortKey),
    dir: q.get("dir") === "asc" ? ("asc" as const) : ("desc" as const),
    page: Math.max(1, Number(q.get("page")) || 1),
    filter: Object.fromEntries(
      FILTERS.map((f) => [f, q.has(f) ? q.get(f)! : f === "judge" ? (root.dataset.defaultJudge ?? "") : ""]),
    ) as Record<(typeof FILTERS)[number], string>,
  };
  for (const f of FILTERS) {
    const select = form.elements.namedItem(f) as HTMLSelectElement | null;
    if (select) select.value = state.filter[f];
  }

  const render = () => {
    const kept = rows.filter(
      (r) =>
        (!state.filter.dataset || r.dataset === state.filter.dataset) &&
        (!state.filter.family || r.family === state.filter.family) &&
        (!state.filter.judge || r.judge === state.filter.judge) &&
        (!state.filter.tag || r.tags.includes(state.filter.tag)),
    );
    const sorted = sortRowsGrouped(kept, state.sort, state.dir);
    const pages = Math.max(1, Math.ceil(sorted.length / LEADERBOARD_PAGE_ROWS));
    state.page = Math.min(state.page, pages);
    const slice = sorted.slice((state.page - 1) * LEADERBOARD_PAGE_ROWS, state.page * LEADERBOARD_PAGE_ROWS);
    clear(tbody);
    let group = "";
    for (const r of slice) {
      if (groupOf(r) !== group) {
        group = groupOf(r);
        tbody.append(groupRowOf(group, headers.length + 1));
      }
      tbody.append(rowOf(r, base));
    }
    for (const th of headers) {
      th.setAttribute(
        "aria-sort",
        th.dataset.key === state.sort ? (state.dir === "asc" ? "ascending" : "descending") : "none",
      );
    }
    count.textContent = `${sorted.length} of ${rows.length} rows`;
    clear(pager);
    if (pages > 1) {
      const prev = el("button", { type: "button" }, "← previous");
      prev.disabled = state.page === 1;
      prev.onclick = () => go(state.page - 1);
      const next = el("button", { type: "button" }, "next →");
      next.disabled = state.page === pages;
      next.onclick = () => go(state.page + 1);
      pager.append(prev, el("span", {}, `page ${state.page} of ${pages}`), next);
    }
    const url = new URL(location.href);
    url.searchParams.set("sort", state.sort);
    url.searchParams.set("dir", state.dir);
    for (const f of FILTERS) url.searchParams.set(f, state.filter[f]);
    if (state.page > 1) url.searchParams.set("page", String(state.page));
    else url.searchParams.delete("page");
    history.replaceState(null, "", url);
  };
  const go = (page: number) => {
    state.page = page;
    render();
  };

  for (const th of headers) {
    th.querySelector("button")!.addEventListener("click", () => {
      const key = th.dataset.key as SortKey;
      if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
      else {
        state.sort = key;
        state.dir = key === "score" || key === "n" || key === "date" ? "desc" : "asc";
      }
      state.page = 1;
      render();
    });
  }
  form.addEventListener("change", () => {
    for (const f of FILTERS) state.filter[f] = (form.elements.namedItem(f) as HTMLSelectElement).value;
    state.page = 1;
    render();
  });
  render();
  root.dataset.ready = "true";
}

function rowOf(r: LeaderboardRow, base: string): HTMLTableRowElement {
  const tags = el("td");
  for (const t of r.tags) tags.append(el("span", { class: "tag" }, t));
  return el(
    "tr",
    {},
    el(
      "td",
      {},
      el("a", { href: `${base}runs/${encodeURIComponent(r.run)}/`, title: r.description ?? r.name }, r.run),
    ),
    el(
      "td",
      {},
      `${r.dataset}/${r.split}`,
      ...(r.eval ? [el("span", { class: "muted" }, ` (eval ${r.eval})`)] : []),
    ),
    el("td", {}, r.judge),
    el("td", {}, r.family),
    el(
      "td",
      { class: "num" },
      `${percent(r.score)} `,
      el("span", { class: "ci" }, `[${percent(r.ci95[0])}, ${percent(r.ci95[1])}]`),
    ),
    el("td", { class: "num" }, String(r.n)),
    el(
      "td",
      {},
      el("code", { title: r.commit ?? "" }, r.commit ? r.commit.slice(0, 8) + (r.dirty ? "*" : "") : "—"),
    ),
    el("td", {}, r.date.slice(0, 10)),
    tags,
  );
}

/** The header row of an eval dataset's group: rows are ranked within it only. */
function groupRowOf(group: string, columns: number): HTMLTableRowElement {
  return el(
    "tr",
    { class: "group" },
    el("th", { colspan: String(columns), scope: "colgroup" }, `Eval dataset ${group}`),
  );
}
