// The compare island: choose runs (state in the URL), fetch their runs/<id>.json, and show what the
// pipeline's compareRuns returns — scores with CIs, per-pair flips with McNemar p and Δ with CI,
// the changed-only config diff, the loss-curve overlay and the same item side by side.
import { useEffect, useState } from "react";
import { type Comparison, compareRuns } from "../../../pipeline/src/report/compare.ts";
import type { RunView } from "../../../pipeline/src/report/run-view.ts";
import LineChart, { type Series } from "./LineChart.tsx";
import SampledPairs from "./SampledPairs.tsx";

type Flip = "fixed" | "broken" | "bothRight" | "bothWrong";
const FLIPS: [Flip, string][] = [
  ["fixed", "fixed"],
  ["broken", "broken"],
  ["bothRight", "both right"],
  ["bothWrong", "both wrong"],
];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)} pp`;

function readUrl(): { runs: string[]; judge: string } {
  const q = new URLSearchParams(location.search);
  return { runs: (q.get("runs") ?? "").split(",").filter(Boolean), judge: q.get("judge") ?? "" };
}

export default function Compare(props: { runs: { id: string; label: string }[]; base: string }) {
  const [chosen, setChosen] = useState<string[]>(() => readUrl().runs);
  const [judge, setJudge] = useState<string>(() => readUrl().judge);
  const [views, setViews] = useState<Record<string, RunView>>({});
  const [error, setError] = useState<string>("");
  const [pick, setPick] = useState("");
  const [pairIndex, setPairIndex] = useState(0);
  const [flip, setFlip] = useState<Flip>("fixed");
  const [itemId, setItemId] = useState<string>("");

  useEffect(() => {
    const url = new URL(location.href);
    url.searchParams.set("runs", chosen.join(","));
    if (judge) url.searchParams.set("judge", judge);
    else url.searchParams.delete("judge");
    history.replaceState(null, "", url);
    const missing = chosen.filter((id) => !views[id]);
    if (missing.length === 0) return;
    Promise.all(
      missing.map(async (id) => {
        const res = await fetch(`${props.base}runs/${encodeURIComponent(id)}.json`);
        if (!res.ok) throw new Error(`run ${id}: HTTP ${res.status}`);
        return [id, (await res.json()) as RunView] as const;
      }),
    )
      .then((loaded) => setViews((v) => ({ ...v, ...Object.fromEntries(loaded) })))
      .catch((e: Error) => setError(e.message));
  }, [chosen, judge, views, props.base]);

  const ready = chosen.filter((id) => views[id]).map((id) => views[id]);
  const judges = [...new Set(ready.flatMap((v) => v.judges))].sort();
  const activeJudge =
    judge && judges.includes(judge)
      ? judge
      : judges.includes("answer-correctness@1")
        ? "answer-correctness@1"
        : (judges[0] ?? "");
  // Cheap (a few hundred items per run), so it is simply recomputed on every render.
  const comparison: Comparison | null =
    ready.length >= 2 && ready.length === chosen.length && activeJudge
      ? compareRuns(ready, activeJudge)
      : null;
  const add = () => {
    if (pick && !chosen.includes(pick) && props.runs.some((r) => r.id === pick)) setChosen([...chosen, pick]);
    setPick("");
  };

  return (
    <div id="compare" data-ready={comparison ? "true" : "false"}>
      <div className="filters">
        <label>
          Add a run
          <input
            list="run-ids"
            value={pick}
            onChange={(e) => setPick(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && add()}
            placeholder="run id"
          />
        </label>
        <datalist id="run-ids">
          {props.runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </datalist>
        <button type="button" onClick={add}>
          add
        </button>
        {judges.length > 0 && (
          <label>
            Judge
            <select value={activeJudge} onChange={(e) => setJudge(e.target.value)}>
              {judges.map((j) => (
                <option key={j}>{j}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p>
        {chosen.map((id, i) => (
          <span className="tag" key={id}>
            {String.fromCharCode(65 + i)}: <a href={`${props.base}runs/${encodeURIComponent(id)}/`}>{id}</a>{" "}
            <button
              type="button"
              aria-label={`remove ${id}`}
              onClick={() => setChosen(chosen.filter((x) => x !== id))}
            >
              ×
            </button>
          </span>
        ))}
      </p>
      {error && <p className="bad">{error}</p>}
      {chosen.length < 2 && <p className="muted">Choose at least two runs.</p>}
      {comparison && (
        <Result
          c={comparison}
          views={views}
          pairIndex={Math.min(pairIndex, comparison.pairs.length - 1)}
          setPairIndex={setPairIndex}
          flip={flip}
          setFlip={setFlip}
          itemId={itemId}
          setItemId={setItemId}
        />
      )}
    </div>
  );
}

function Result(props: {
  c: Comparison;
  views: Record<string, RunView>;
  pairIndex: number;
  setPairIndex: (i: number) => void;
  flip: Flip;
  setFlip: (f: Flip) => void;
  itemId: string;
  setItemId: (id: string) => void;
}) {
  const { c, views } = props;
  const pair = c.pairs[props.pairIndex];
  const ia = c.runs.indexOf(pair.a);
  const ib = c.runs.indexOf(pair.b);
  const flipped = c.items.filter((it) => {
    const a = it.correct[ia];
    const b = it.correct[ib];
    if (a === null || b === null) return false;
    return props.flip === "fixed"
      ? !a && b
      : props.flip === "broken"
        ? a && !b
        : props.flip === "bothRight"
          ? a && b
          : !a && !b;
  });
  const overlay: Series[] = c.runs.map((id) => {
    const loss = views[id].curves.loss;
    return { label: id, points: loss.steps.map((s, i) => [s, loss.smooth[i]] as [number, number]) };
  });
  const item = props.itemId || flipped[0]?.id || "";
  return (
    <div>
      <h2>Scores ({c.judge})</h2>
      <table id="compare-scores">
        <thead>
          <tr>
            <th>Run</th>
            <th className="num">Score</th>
            <th className="num">95% CI</th>
            <th className="num">Correct / n</th>
          </tr>
        </thead>
        <tbody>
          {c.scores.map((s) => (
            <tr key={s.run}>
              <td>{s.run}</td>
              <td className="num">{pct(s.score)}</td>
              <td className="num">
                {pct(s.ci95[0])} – {pct(s.ci95[1])}
              </td>
              <td className="num">
                {s.correct} / {s.n}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Pairs: flips, McNemar and Δ</h2>
      <table id="compare-pairs">
        <thead>
          <tr>
            <th>A → B</th>
            <th className="num">common</th>
            <th className="num">fixed</th>
            <th className="num">broken</th>
            <th className="num">both right</th>
            <th className="num">both wrong</th>
            <th className="num">McNemar p</th>
            <th className="num">Δ (B − A)</th>
            <th className="num">95% CI</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {c.pairs.map((p, i) => (
            <tr key={`${p.a}|${p.b}`} data-pair={`${p.a}|${p.b}`}>
              <td>
                {p.a} → {p.b}
              </td>
              <td className="num">
                {p.common}
                {p.onlyA + p.onlyB > 0 ? ` (+${p.onlyA}/${p.onlyB} unmatched)` : ""}
              </td>
              <td className="num good">{p.fixed}</td>
              <td className="num bad">{p.broken}</td>
              <td className="num">{p.bothRight}</td>
              <td className="num">{p.bothWrong}</td>
              <td className="num">{p.mcnemarP === null ? "n/a" : p.mcnemarP.toFixed(4)}</td>
              <td className="num">{p.delta === null ? "n/a" : signed(p.delta)}</td>
              <td className="num">
                {p.deltaCi95 === null ? "n/a" : `${signed(p.deltaCi95[0])} … ${signed(p.deltaCi95[1])}`}
              </td>
              <td>
                <button
                  type="button"
                  aria-pressed={i === props.pairIndex}
                  className="toggle"
                  onClick={() => props.setPairIndex(i)}
                >
                  items
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SampledPairs pairs={c.pairs} />
      <h2>Loss curves (smoothed)</h2>
      <LineChart series={overlay} xLabel="step" yLabel="loss" testId="overlay-chart" />
      <h2>Config changes</h2>
      {c.configDiff.length === 0 ? (
        <p className="muted">Same config.</p>
      ) : (
        <table id="compare-config">
          <thead>
            <tr>
              <th>Key</th>
              {c.runs.map((r) => (
                <th key={r}>{r}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.configDiff.map((d) => (
              <tr key={d.key}>
                <td>
                  <code>{d.key}</code>
                </td>
                {d.values.map((v, i) => (
                  <td key={c.runs[i]}>
                    <code>{v || "—"}</code>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>
        Items of {pair.a} → {pair.b}
      </h2>
      <p>
        {FLIPS.map(([f, label]) => (
          <button
            type="button"
            key={f}
            className="toggle"
            aria-pressed={props.flip === f}
            onClick={() => props.setFlip(f)}
          >
            {label} ({pair[f]})
          </button>
        ))}
      </p>
      <div className="grid2">
        <div>
          <ul id="flip-list" style={{ maxHeight: 420, overflow: "auto" }}>
            {flipped.map((it) => (
              <li key={it.id}>
                <button
                  type="button"
                  className="toggle"
                  aria-pressed={it.id === item}
                  onClick={() => props.setItemId(it.id)}
                >
                  {it.id}
                </button>
              </li>
            ))}
          </ul>
        </div>
        {item && <SideBySide id={item} runs={c.runs} views={views} judge={c.judge} />}
      </div>
    </div>
  );
}

function SideBySide(props: { id: string; runs: string[]; views: Record<string, RunView>; judge: string }) {
  const first = props.runs.map((r) => props.views[r].items.find((it) => it.id === props.id)).find(Boolean);
  return (
    <div id="side-by-side">
      <h3>
        <code>{props.id}</code>
      </h3>
      {first && <p className="text">{first.prompt}</p>}
      {first && (
        <p>
          Gold: <code>{first.gold}</code>
        </p>
      )}
      {props.runs.map((r) => {
        const it = props.views[r].items.find((x) => x.id === props.id);
        const v = it?.verdicts[props.judge];
        return (
          <div className="card" key={r}>
            <strong>{r}</strong>{" "}
            {v ? (
              <span className={v.correct ? "good" : "bad"}>
                {v.correct ? "✓" : "✗"} {v.extracted ?? "no answer"} ({v.rule})
              </span>
            ) : (
              <span className="muted">no verdict</span>
            )}
            <div className="text">{it ? it.output : "—"}</div>
          </div>
        );
      })}
    </div>
  );
}
