// Paired comparison of sampled runs on the compare page: for each pair whose items were generated
// k times in both runs, pass@1, pass@k and maj@k of A and B over the common items with the
// difference, its paired bootstrap 95% interval and p (the numbers of the pipeline's compareRuns,
// report/sampled-compare.ts). Renders nothing when no pair is sampled.
import type { PairComparison } from "../../../pipeline/src/report/compare.ts";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)} pp`;

export default function SampledPairs({ pairs }: { pairs: readonly PairComparison[] }) {
  const sampled = pairs.filter((p) => p.sampled);
  if (sampled.length === 0) return null;
  return (
    <>
      <h2>Sampled scores: pass@k and maj@k</h2>
      <table id="compare-sampled">
        <thead>
          <tr>
            <th>A → B</th>
            <th>metric</th>
            <th className="num">A</th>
            <th className="num">B</th>
            <th className="num">Δ (B − A)</th>
            <th className="num">paired bootstrap 95% CI</th>
            <th className="num">p</th>
            <th className="num">items</th>
          </tr>
        </thead>
        <tbody>
          {sampled.flatMap((p) => {
            const s = p.sampled!;
            return (
              [
                ["pass@1", s.passAt1],
                [`pass@${s.k}`, s.passAtK],
                [`maj@${s.k}`, s.majAtK],
              ] as const
            ).map(([label, d]) => (
              <tr key={`${p.a}|${p.b}|${label}`}>
                <td>
                  {p.a} → {p.b}
                </td>
                <td>{label}</td>
                <td className="num">{pct(d.a)}</td>
                <td className="num">{pct(d.b)}</td>
                <td className="num">{signed(d.delta)}</td>
                <td className="num">
                  {signed(d.ci95[0])} … {signed(d.ci95[1])}
                </td>
                <td className="num">{d.p.toFixed(4)}</td>
                <td className="num">{s.common}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </>
  );
}
