// Run page curves: loss with eval loss, learning rate and gradient norm, raw or smoothed (toggle).
// The smoothed series come from the pipeline (report/curves.ts); this only picks which to draw.
import { useMemo, useState } from "react";
import type { Curve, RunCurves as Curves } from "../../../pipeline/src/report/curves.ts";
import LineChart, { type Series } from "./LineChart.tsx";

const pts = (c: Curve, smooth: boolean): [number, number][] =>
  c.steps.map((s, i) => [s, smooth ? c.smooth[i] : c.raw[i]]);

export default function RunCurves(props: { curves: Curves }) {
  const [smooth, setSmooth] = useState(false);
  const { curves } = props;
  const loss = useMemo<Series[]>(() => {
    const out: Series[] = [
      { label: smooth ? "train loss (smoothed)" : "train loss", points: pts(curves.loss, smooth) },
    ];
    if (curves.evalLoss.steps.length)
      out.push({ label: "eval loss", points: pts(curves.evalLoss, smooth), dashed: true });
    return out;
  }, [curves, smooth]);
  const lr = useMemo<Series[]>(() => [{ label: "learning rate", points: pts(curves.lr, false) }], [curves]);
  const grad = useMemo<Series[]>(
    () => [{ label: "grad norm", points: pts(curves.gradNorm, smooth) }],
    [curves, smooth],
  );
  if (curves.loss.steps.length === 0) return <p className="muted">No training metrics in this run.</p>;
  return (
    <div>
      <p>
        <button type="button" className="toggle" aria-pressed={!smooth} onClick={() => setSmooth(false)}>
          raw
        </button>{" "}
        <button type="button" className="toggle" aria-pressed={smooth} onClick={() => setSmooth(true)}>
          smoothed
        </button>
      </p>
      <div className="grid2">
        <div className="card">
          <h3>Loss</h3>
          <LineChart series={loss} xLabel="step" yLabel="loss" testId="loss-chart" />
        </div>
        <div className="card">
          <h3>Learning rate</h3>
          <LineChart series={lr} xLabel="step" yLabel="lr" />
        </div>
        <div className="card">
          <h3>Gradient norm</h3>
          <LineChart series={grad} xLabel="step" yLabel="grad norm" />
        </div>
      </div>
    </div>
  );
}
