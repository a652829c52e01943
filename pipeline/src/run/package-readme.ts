// The README of an evidence package (run/package.ts), generated from the files it ships: what was
// trained (model, size, method) on what (dataset, lock, split sizes), how (steps, batch, lr, seed,
// backend), the scores with both 95% intervals, and the one command that reproduces the run. Pure:
// the same files give the same text.
//
//   const text = packageReadme({ manifest, summary, lock, configFile: "config/tiny.yaml", sameFromConfigPath: true });
import type { DatasetLock } from "../schemas/lock.ts";
import type { RunManifest } from "../schemas/run.ts";
import type { EvalSummary } from "../schemas/summary.ts";

export interface ReadmeInput {
  manifest: RunManifest;
  summary: EvalSummary;
  lock: DatasetLock;
  /** The packaged resolved config, e.g. `config/tiny.yaml`. */
  configFile: string;
  /** True when `tunix-rt run <configPath>` at the commit gives this run id (no `--set` was used). */
  sameFromConfigPath: boolean;
}

export function packageReadme(r: ReadmeInput): string {
  const m = r.manifest;
  const c = m.config;
  const t = c.training;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const model =
    c.model.family === "gpt"
      ? `a GPT (${c.model.layers} layers, d_model ${c.model.dModel}, ${c.model.heads} heads, context ${c.model.context}, ${c.model.tokenizer.kind} tokenizer)${c.model.weights ? ` from \`${c.model.weights}\`` : " trained from scratch"}`
      : `Gemma 3 \`${c.model.weights}\` (context ${c.model.context})`;
  const params = m.model?.parameters ? `, ${m.model.parameters.toLocaleString("en-US")} parameters` : "";
  const splits = Object.entries(r.lock.splits)
    .map(([name, entries]) => `${entries.length.toLocaleString("en-US")} ${name}`)
    .join(" / ");
  const lines = [
    `# Evidence package: \`${m.id}\``,
    "",
    ...(c.description ? [c.description, ""] : []),
    `- **Model**: ${model}${params}; ${t.method === "lora" ? "LoRA adapters trained" : "every weight trained"}.`,
    `- **Data**: dataset \`${r.lock.name}\` (lock identity \`${m.dataset?.lockHash.slice(0, 16)}\`: ${splits} traces), trained on \`${c.dataset.trainSplit}\`, evaluated on \`${r.summary.split}\` (n = ${r.summary.n}).`,
    `- **Training**: ${t.steps !== undefined ? `${t.steps} steps` : `${t.epochs ?? 1} epoch(s)`} of batch ${t.batchSize}${t.gradAccumSteps > 1 ? ` × ${t.gradAccumSteps}` : ""}, lr ${t.lr} (${t.schedule}, warmup ${t.warmupSteps}), seed ${c.seed}, on ${m.backend ? `${m.backend.name} (${m.backend.device})` : "an unrecorded backend"}.`,
    `- **Code**: commit \`${m.git?.commit ?? "unknown"}\`${m.git?.dirty ? " (the tree had uncommitted changes, which the commit does not hold)" : ""}; made ${m.createdAt}.`,
    "",
    "## Scores",
    "",
    "| judge | score | 95% CI (Wilson) | 95% CI (bootstrap) | correct / n |",
    "|---|---|---|---|---|",
    ...Object.entries(r.summary.judges).map(
      ([judge, s]) =>
        `| ${judge} | ${pct(s.score)} | ${pct(s.ci95.wilson[0])} – ${pct(s.ci95.wilson[1])} | ${pct(s.ci95.bootstrap[0])} – ${pct(s.ci95.bootstrap[1])} | ${s.correct} / ${s.n} |`,
    ),
    "",
    "## Reproduce",
    "",
    r.sameFromConfigPath
      ? "In a clone of the repository:"
      : "In a clone of the repository, with this package unzipped beside it (the run used `--set` overrides, so its resolved config is the one to run):",
    "",
    "```sh",
    r.sameFromConfigPath
      ? `git checkout ${m.git?.commit ?? "<commit>"} && npx tunix-rt run ${m.configPath}`
      : `git checkout ${m.git?.commit ?? "<commit>"} && cp ../${m.id}/${r.configFile} configs/runs/${m.name}.yaml && npx tunix-rt run configs/runs/${m.name}.yaml`,
    "```",
    "",
    `It trains, infers and judges into \`runs/${m.id}/\` (the same config and dataset lock give the same run id); on the same backend the losses, predictions and verdicts match \`run/\` here.`,
    "",
    "## Contents",
    "",
    `- \`${r.configFile}\`: the resolved config (every default written out)${m.configPath ? `, from \`${m.configPath}\`` : ""}.`,
    `- \`dataset/\`: the manifest and the lock (trace ids and content hashes per split).`,
    "- `run/`: the run folder — run.json, metrics.jsonl, predictions.jsonl, verdicts.jsonl, eval_summary.json.",
    "- `SHA256SUMS`: the sha256 of every other file. Check them with `tunix-rt package verify <zip>` (which also checks the lock's trace hashes against the repository's traces) or `sha256sum -c SHA256SUMS`.",
    "",
  ];
  return lines.join("\n");
}
