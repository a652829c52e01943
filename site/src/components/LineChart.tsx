// A chart.js line chart in a sized wrapper (chart.js draws 0×0 inside an unsized island).
// Series are (x, y) points; the chart is rebuilt when the series change. No animation, so the
// canvas is drawn as soon as the island mounts.
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "react";

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  CategoryScale,
  Legend,
  Tooltip,
);

export interface Series {
  label: string;
  points: [number, number][];
  dashed?: boolean;
}

const COLORS = ["#2f5fd0", "#d0582f", "#1f7a3a", "#8a3fd0", "#b3261e", "#0f8a8a", "#8a5a00", "#555"];

export default function LineChart(props: {
  series: Series[];
  xLabel: string;
  yLabel: string;
  testId?: string;
  scatter?: boolean;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: props.scatter ? "scatter" : "line",
      data: {
        datasets: props.series.map((s, i) => ({
          label: s.label,
          data: s.points.map(([x, y]) => ({ x, y })),
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length],
          borderDash: s.dashed ? [5, 4] : [],
          borderWidth: 2,
          pointRadius: props.scatter ? 4 : s.points.length > 60 ? 0 : 2,
          showLine: !props.scatter,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        parsing: false,
        normalized: true,
        scales: {
          x: { type: "linear", title: { display: true, text: props.xLabel } },
          y: { type: "linear", title: { display: true, text: props.yLabel } },
        },
        plugins: { legend: { display: props.series.length > 1 } },
      },
    });
    return () => chart.destroy();
  }, [props.series, props.xLabel, props.yLabel, props.scatter]);
  return (
    <div className="chart-box" style={props.height ? { height: props.height } : undefined}>
      <canvas
        ref={canvas}
        data-testid={props.testId}
        role="img"
        aria-label={`${props.yLabel} against ${props.xLabel}`}
      />
    </div>
  );
}
