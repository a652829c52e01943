// The trace browser's token view: a trace as the trainer of its dataset would see it. A dataset's
// default tokenizer is the one of the first run config (configs/runs/*.yaml, by path) that trains on
// it — for `demo`, configs/runs/demo.yaml's bpe, trained on demo/train as `train` trains it — with
// that config's maxLength and loss mode; the trace is rendered with the dataset's own trace format
// and system text. Datasets no valid config trains on, or whose lock is stale, have no view.
//
//   const views = await datasetTokenViews(root);
//   views.get("demo")?.view(trace)   // { tokens: [{ id, text, loss }], lossTokens, dropped? }
import { chatTemplateOfFamily } from "../dataset/chat-template.ts";
import { readDatasetManifest } from "../dataset/manifest.ts";
import { renderTrace } from "../dataset/render.ts";
import { TunixError } from "../errors.ts";
import { globFiles } from "../io/repo.ts";
import type { Trace } from "../schemas/trace.ts";
import { getTraceFormat } from "../traces/formats.ts";
import { type PreviewExample, previewTokenizer, tokenView } from "../train/preview.ts";
import { loadRunConfig } from "./config-load.ts";

export interface DatasetTokenView {
  dataset: string;
  /** The run config whose tokenizer, maxLength and loss mode are used. */
  config: string;
  tokenizer: string;
  view(trace: Trace): PreviewExample;
}

export async function datasetTokenViews(root: string): Promise<Map<string, DatasetTokenView>> {
  const out = new Map<string, DatasetTokenView>();
  for (const file of globFiles(root, ["configs/runs/*.yaml", "configs/runs/*.yml"])) {
    let loaded: ReturnType<typeof loadRunConfig>;
    try {
      loaded = loadRunConfig(root, file);
    } catch (e) {
      if (e instanceof TunixError) continue; // validate reports a bad config
      throw e;
    }
    const dataset = loaded.config.dataset.name;
    if (out.has(dataset)) continue;
    try {
      const manifest = readDatasetManifest(root, dataset);
      const { tok, origin } = await previewTokenizer(root, loaded.config);
      const render = {
        traceFormat: getTraceFormat(manifest.format.trace),
        system: manifest.format.system,
        template: chatTemplateOfFamily(loaded.config.model.family),
      };
      out.set(dataset, {
        dataset,
        config: file,
        tokenizer: `${origin}; fingerprint ${tok.fingerprint()}`,
        view: (trace) => {
          const r = renderTrace(trace, render);
          return tokenView({ id: trace.id, prompt: r.prompt, completion: r.completion }, tok, loaded.config);
        },
      });
    } catch (e) {
      if (e instanceof TunixError) continue; // no manifest, or a stale lock: no view for this dataset
      throw e;
    }
  }
  return out;
}
