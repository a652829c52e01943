// What the model saw: a dataset's examples as the trainer turns them into positions — the config's
// tokenizer, `tokenizeExamples` with the config's maxLength and loss mode (train/batching.ts, the
// trainer's own code) — token by token, with the tokens that carry loss marked, and how many
// examples of the split the cut at the context length truncates. A `bpe` tokenizer without a saved
// tokenizer.json is trained the way `train` trains it: on the config dataset's train split
// (prompt + completion), with model.tokenizer.vocabSize; that is deterministic, so its fingerprint
// equals the one a run of this config records in run.json.
//
//   const p = await previewDataset(root, config, { dataset: "demo", n: 5 });
//   for (const line of formatPreview(p)) console.log(line);
//   const { tok } = await previewTokenizer(root, config);  tokenView(example, tok, config)  // one example
import { chatTemplateOfFamily } from "../dataset/chat-template.ts";
import { type Example, loadExamples } from "../dataset/examples.ts";
import { FAMILIES } from "../model/families.ts";
import { loadTokenizer, type Tokenizer } from "../model/tokenizers/index.ts";
import type { RunConfig } from "../schemas/config.ts";
import { type TruncationStats, tokenizeExamples, truncationStats, type Unit } from "./batching.ts";

export interface PreviewToken {
  id: number;
  /** The token's text alone (a piece of a multi-byte character shows as U+FFFD). */
  text: string;
  /** Does the trainer put loss on predicting this token? */
  loss: boolean;
}

export interface PreviewExample {
  id: string;
  tokens: PreviewToken[];
  lossTokens: number;
  /** Set when the example was cut at maxLength. */
  dropped?: { tokens: number; lossTokens: number };
}

export interface DatasetPreview {
  dataset: string;
  split: string;
  tokenizer: { kind: string; vocabSize: number; fingerprint: string; origin: string };
  maxLength: number;
  loss: "completion" | "all";
  /** Over the whole split, not only the examples shown. */
  truncation: TruncationStats;
  examples: PreviewExample[];
}

export interface PreviewOptions {
  /** Default: the config's dataset. */
  dataset?: string;
  /** Default: the config's train split. */
  split?: string;
  /** Examples shown, the first of the split in lock order. Default 5. */
  n?: number;
  /** A tokenizer to use instead of the config's (tests). */
  tokenizer?: Tokenizer;
}

export async function previewDataset(
  root: string,
  config: RunConfig,
  opts: PreviewOptions = {},
): Promise<DatasetPreview> {
  const dataset = opts.dataset ?? config.dataset.name;
  const split = opts.split ?? config.dataset.trainSplit;
  const examples = await loadExamples(root, dataset, split, {
    template: chatTemplateOfFamily(config.model.family),
  });
  const { tok, origin } = opts.tokenizer
    ? { tok: opts.tokenizer, origin: "given" }
    : await previewTokenizer(root, config, async () =>
        dataset === config.dataset.name && split === config.dataset.trainSplit ? examples : undefined,
      );
  const maxLength = config.training.maxLength ?? config.model.context;
  const units = tokenizeExamples(examples, tok, { maxLength, loss: config.training.loss });
  return {
    dataset,
    split,
    tokenizer: { kind: tok.kind, vocabSize: tok.vocabSize, fingerprint: tok.fingerprint(), origin },
    maxLength,
    loss: config.training.loss,
    truncation: truncationStats(units),
    examples: units.slice(0, opts.n ?? 5).map((u, k) => previewOf(examples[k].id, u, tok)),
  };
}

/**
 * The config's tokenizer as train loads it, and where it comes from. A `bpe` without a saved
 * tokenizer.json is trained on the config dataset's train split (`known` may hand those examples
 * over when they are already loaded).
 */
export async function previewTokenizer(
  root: string,
  config: RunConfig,
  known: () => Promise<Example[] | undefined> = async () => undefined,
): Promise<{ tok: Tokenizer; origin: string }> {
  const spec = FAMILIES[config.model.family].tokenizerSpec(config.model);
  const tok = await loadTokenizer(spec, {
    root,
    // As train/sft.ts does: the config dataset's train split, prompt + completion.
    trainTexts: async () =>
      (
        (await known()) ??
        (await loadExamples(root, config.dataset.name, config.dataset.trainSplit, {
          template: chatTemplateOfFamily(config.model.family),
        }))
      ).map((e) => e.prompt + e.completion),
  });
  const origin =
    spec.kind === "bpe" && !spec.path
      ? `bpe trained on ${config.dataset.name}/${config.dataset.trainSplit} (vocabSize ${spec.vocabSize ?? 1024}), as train does`
      : spec.path
        ? `${spec.kind} from ${spec.path}`
        : spec.kind;
  return { tok, origin };
}

/** One example as the trainer of `config` sees it (the trace page's token view). */
export function tokenView(
  example: Pick<Example, "id" | "prompt" | "completion">,
  tok: Tokenizer,
  config: RunConfig,
): PreviewExample {
  const maxLength = config.training.maxLength ?? config.model.context;
  const [unit] = tokenizeExamples([example], tok, { maxLength, loss: config.training.loss });
  return previewOf(example.id, unit, tok);
}

/** Plain-text lines: per example its prompt and loss tokens (joined by `·`, newlines as ↵). */
export function formatPreview(p: DatasetPreview): string[] {
  const t = p.truncation;
  const lines = [
    `dataset ${p.dataset}, split ${p.split}: ${p.examples.length} of ${t.examples} examples as the trainer sees them`,
    `tokenizer ${p.tokenizer.kind} (${p.tokenizer.vocabSize} ids, fingerprint ${p.tokenizer.fingerprint}): ${p.tokenizer.origin}`,
    `maxLength ${p.maxLength} positions, loss on ${p.loss === "all" ? "every token" : "the completion"}; tokens after "loss:" carry loss`,
    `truncated: ${t.truncated} of ${t.examples} examples cut at ${p.maxLength + 1} tokens (${t.droppedLossTokens} loss tokens dropped); ${t.noLoss} carry no loss at all`,
  ];
  for (const ex of p.examples) {
    const cut = ex.dropped
      ? `, cut: ${ex.dropped.tokens} tokens dropped (${ex.dropped.lossTokens} with loss)`
      : "";
    lines.push("", `${ex.id}: ${ex.tokens.length} tokens, ${ex.lossTokens} carry loss${cut}`);
    lines.push(`  prompt: ${joinTokens(ex.tokens.filter((x) => !x.loss))}`);
    lines.push(`  loss:   ${joinTokens(ex.tokens.filter((x) => x.loss))}`);
  }
  return lines;
}

function previewOf(id: string, u: Unit, tok: Tokenizer): PreviewExample {
  // The unit's tokens: its inputs and the last label; token j > 0 is the label of position j - 1.
  const ids = [...u.ids, ...(u.labels.length ? [u.labels[u.labels.length - 1]] : [])];
  const tokens = ids.map((tid, j) => ({
    id: tid,
    text: tok.decode([tid]),
    loss: j > 0 && u.weights[j - 1] > 0,
  }));
  return {
    id,
    tokens,
    lossTokens: tokens.filter((x) => x.loss).length,
    ...(u.dropped ? { dropped: u.dropped } : {}),
  };
}

function joinTokens(tokens: readonly PreviewToken[]): string {
  return tokens.length ? tokens.map((x) => x.text.replace(/\n/g, "↵")).join("·") : "(none)";
}
