// A run's full view (items with verdicts) for its page and its JSON endpoint, read through the
// pipeline's runs-reader when the page is rendered (items are too many to keep in the store).

import { type RunView, toRunView } from "../../../pipeline/src/report/run-view.ts";
import { readRunFolder } from "../../../pipeline/src/report/runs-reader.ts";
import { dataRoot } from "./root.ts";

export function loadRunView(id: string): RunView {
  return toRunView(readRunFolder(dataRoot(), id));
}

export function formatSeconds(s: number | undefined): string {
  if (s === undefined) return "—";
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}
