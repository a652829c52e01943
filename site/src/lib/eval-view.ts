// An extra eval's full view (items with verdicts and samples) for its page and its JSON endpoint,
// read through the pipeline's evals-reader when the page is rendered.
import { type EvalView, toEvalView } from "../../../pipeline/src/report/eval-view.ts";
import { readEvalFolder } from "../../../pipeline/src/report/evals-reader.ts";
import { dataRoot } from "./root.ts";

export function loadEvalView(runId: string, name: string): EvalView {
  return toEvalView(readEvalFolder(dataRoot(), runId, name));
}
