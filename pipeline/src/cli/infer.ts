// `tunix-rt infer <run-dir> [--model <folder>] [--device <d>] [--require-gpu]
//   [--dataset <name> [--split <s>] | --eval <name>] [--samples k --temperature t --top-p p]
//   [--limit n] [--note <text>] [--shard i/N | --merge | --shard-matrix N]` — (re)generate predictions
// for a run's eval split, for another dataset (runs/<id>/evals/<name>/), or one shard of them, or
// merge the shards; `--shard-matrix N` only prints the workflow matrix of N shards as JSON.
import path from "node:path";
import { TunixError } from "../errors.ts";
import { type Device, setBackendPolicy } from "../model/backend.ts";
import { evalRequestFromFlags } from "../run/eval-target.ts";
import { mergeShards, parseShard, shardMatrix } from "../run/infer-shards.ts";
import { inferRun } from "../run/infer-stage.ts";
import { runStage } from "../run/manifest.ts";
import { DEVICES } from "../schemas/config.ts";
import { type Command, JSON_OPTION, type OptionSpec } from "./command.ts";
import { createProgress, type Progress } from "./progress.ts";

const text = (valueName: string, description: string): OptionSpec => ({
  type: "string",
  valueName,
  description,
});

export const inferCommand: Command = {
  name: "infer",
  summary:
    "generate predictions (KV-cache decoding) for a run's eval split into runs/<id>/predictions.jsonl, or for any dataset into runs/<id>/evals/<name>/",
  usage: "<run-dir>",
  positionals: [1, 1],
  options: {
    model: { ...text("<folder>", "a model folder to use instead of the run's exported model"), path: "in" },
    device: text(`<${DEVICES.join("|")}>`, "tensor backend (default: the run's training.device)"),
    "require-gpu": {
      type: "boolean",
      description:
        "fail instead of falling back to the CPU when no GPU backend starts (also TUNIX_REQUIRE_GPU=1)",
    },
    dataset: text("<name>", "evaluate on this dataset instead (into runs/<id>/evals/<name>/)"),
    split: text("<split>", "its split (default: eval)"),
    eval: text("<name>", "the eval's name: one of the config's inference.evals, or a name for --dataset"),
    samples: text("<k>", "generations per item (sampled decoding; pass@k and maj@k)"),
    temperature: text("<t>", "sampling temperature (sampled decoding)"),
    "top-p": text("<p>", "nucleus sampling mass (sampled decoding)"),
    "max-new-tokens": text("<n>", "tokens to generate at most"),
    limit: text("<n>", "use at most n items"),
    note: text("<text>", "a note recorded in the eval's eval.json (e.g. which model folder and why)"),
    shard: text("<i/N>", "generate only shard i of N (into the shards/ folder; merge with --merge)"),
    merge: { type: "boolean", description: "join the N shards into predictions.jsonl" },
    "shard-matrix": text(
      "<N>",
      "print the GitHub Actions matrix of N shards and exit (--json: as one field)",
    ),
    ...JSON_OPTION,
  },
  async run({ args, opts, root, tty, out }) {
    if (opts["shard-matrix"] !== undefined) {
      const matrix = JSON.stringify(shardMatrix(Number(opts["shard-matrix"])));
      // --json: one scalar field, so `tunix-rt report outputs` can hand it to a workflow's matrix.
      out(opts.json ? JSON.stringify({ matrix }) : matrix);
      return 0;
    }
    let progress: Progress | undefined;
    const runDir = path.resolve(root, args[0]);
    const device = opts.device as Device | undefined;
    if (device !== undefined && !(DEVICES as readonly string[]).includes(device))
      throw new TunixError("E_USAGE", { field: "--device", expected: DEVICES.join(" | "), found: device });
    if (opts["require-gpu"]) setBackendPolicy({ requireGpu: true });
    if (opts.shard !== undefined && opts.merge)
      throw new TunixError("E_USAGE", { field: "--merge", expected: "--shard or --merge", found: "both" });
    const str = (k: string) => opts[k] as string | undefined;
    const request = evalRequestFromFlags({
      eval: str("eval"),
      dataset: str("dataset"),
      split: str("split"),
      limit: str("limit"),
      samples: str("samples"),
      temperature: str("temperature"),
      topP: str("top-p"),
      maxNewTokens: str("max-new-tokens"),
      note: str("note"),
    });
    const shard = opts.shard !== undefined ? parseShard(String(opts.shard)) : undefined;
    const generate = async () =>
      opts.merge
        ? mergeShards({ root, runDir, eval: request })
        : inferRun({
            root,
            runDir,
            modelDir: str("model"),
            device,
            eval: request,
            shard,
            onProgress: (done, total) => {
              progress ??= createProgress("infer", total, { tty });
              progress.update(done);
            },
          });
    // A shard records nothing (the merge does); an extra eval records itself in its eval.json.
    const rows = shard || request ? await generate() : await runStage(runDir, "infer", generate);
    progress?.done();
    const truncated = rows.filter((r) => r.finishReason === "length").length;
    const promptsCut = rows.filter((r) => r.promptTruncatedTokens !== undefined).length;
    const where = shard ? "shards/" : "predictions.jsonl";
    if (opts.json) out(JSON.stringify({ items: rows.length, truncated, truncatedPrompts: promptsCut }));
    else
      out(
        `${rows.length} predictions (${truncated} stopped at the length limit, ${promptsCut} prompts cut to fit the context) → ${args[0].replace(/\/$/, "")}/${request ? "evals/…/" : ""}${where}`,
      );
    return 0;
  },
};
