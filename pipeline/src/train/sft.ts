// Supervised fine-tuning, top to bottom: backend → tokenizer → examples → model → AdamW → loop
// (micro-batches, clip, step, log, eval, checkpoint) → export. Writes `runs/<id>/metrics.jsonl`,
// checkpoints and the exported model folder under `<artifacts.dir>/<id>/`.
//
//   const summary = await trainRun({ root, runDir: "runs/demo-1", config, resume: false, signal });
//
// Resume: the latest checkpoint gives weights, AdamW moments, step and the data cursor; metrics rows
// past it are cut. Same config + seed + backend → bit-identical losses, interrupted or not.
import { rmSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { chatTemplateOfFamily } from "../dataset/chat-template.ts";
import { type Example, loadExamples } from "../dataset/examples.ts";
import { TunixError } from "../errors.ts";
import { outputPathInRepo, pathInRepo } from "../io/confine.ts";
import { hashValue } from "../io/json.ts";
import { relPath } from "../io/repo.ts";
import { type BackendInfo, initBackend } from "../model/backend.ts";
import { type CausalLM, countParameters, countTrainable } from "../model/causal-lm.ts";
import { FAMILIES } from "../model/families.ts";
import { attachLora } from "../model/lora.ts";
import { sparseCrossEntropy } from "../model/loss.ts";
import { exportModelFolder, loadModelFolder } from "../model/model-folder.ts";
import { type MemoryPlan, planBackendOf, planHints, planMemory, type TrainingShape } from "../model/plan.ts";
import { trainingShapeOf } from "../model/plan-config.ts";
import { loadTokenizer, type Tokenizer } from "../model/tokenizers/index.ts";
import { identityConfig, loraSettingsOf, type RunConfig } from "../schemas/config.ts";
import { type Artifact, fileArtifact } from "./artifacts.ts";
import {
  type Batch,
  BatchStream,
  evalBatches,
  type TruncationStats,
  tokenizeExamples,
  truncationStats,
  truncationWarning,
} from "./batching.ts";
import {
  checkpointRoot,
  latestCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
  type TrainState,
} from "./checkpoint.ts";
import { appendMetricsRow, truncateMetrics } from "./metrics.ts";
import { checkFinite } from "./numeric-fault.ts";
import { createOptimizer } from "./optimizer.ts";
import { lrAt } from "./schedule.ts";
import { trainStep } from "./step.ts";

export interface TrainProgress {
  step: number;
  totalSteps: number;
  loss: number;
  tokensPerS: number;
  etaS: number;
}

export interface TrainOptions {
  root: string;
  /** `runs/<id>` (absolute or relative to root); its basename is the run id. */
  runDir: string;
  config: RunConfig;
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Examples to use instead of the dataset's locked splits (tests, notebooks). */
  examples?: { train: Example[]; eval: Example[] };
  /** A tokenizer to use instead of loading config.model.tokenizer. */
  tokenizer?: Tokenizer;
  /** Stop at this step (a sweep rung): eval, checkpoint, no export. Not part of the config: the lr
   * schedule stays that of the full budget, and a later call without it resumes from the checkpoint. */
  stopAtStep?: number;
  /** Where warnings go (examples cut at the context length); default: a line on stderr. */
  onWarning?: (line: string) => void;
}

export interface TrainSummary {
  runId: string;
  steps: number;
  totalSteps: number;
  interrupted: boolean;
  /** Set when `stopAtStep` stopped training (resumable; nothing exported). */
  stoppedAtStep?: number;
  loss: number;
  evalLoss?: number;
  evalTokenAccuracy?: number;
  tokens: number;
  seconds: number;
  parameters: number;
  /** Parameters that trained (all of them, or the LoRA adapters). */
  trainableParameters: number;
  method: "full" | "lora";
  /** The memory plan's peak-RSS estimate for the backend used (model/plan.ts). */
  plannedPeakRssBytes: number;
  /** Examples cut at maxLength, per split (train/batching.ts truncationStats). */
  truncation: { maxLength: number; train: TruncationStats; eval: TruncationStats };
  backend: BackendInfo;
  tokenizer: Tokenizer;
  checkpoint?: string;
  /** The exported model folder, absent when interrupted. */
  modelDir?: string;
  artifacts: Artifact[];
}

export async function trainRun(opts: TrainOptions): Promise<TrainSummary> {
  const { root, config } = opts;
  const t = config.training;
  const runDir = path.resolve(root, opts.runDir);
  const runId = path.basename(runDir);
  const artifactDir = outputPathInRepo(
    root,
    path.join(config.artifacts.dir, runId),
    { field: "artifacts.dir" },
    root,
    "dir",
  );
  const metricsFile = path.join(runDir, "metrics.jsonl");

  const backend = await initBackend(t.device);
  // Refuse what cannot fit before loading data or allocating anything (one estimator: model/plan.ts,
  // `tunix-rt model plan`). A tokenizer not yet trained counts its configured size.
  const shape = await trainingShapeOf(root, config, opts.tokenizer?.vocabSize);
  const plan = planMemory(shape, planBackendOf(backend.name));
  if (!plan.fits) throw planError(plan, shape);
  const examples = opts.examples ?? (await loadSplits(root, config));
  const tok =
    opts.tokenizer ??
    (await loadTokenizer(FAMILIES[config.model.family].tokenizerSpec(config.model), {
      root,
      trainTexts: () => examples.train.map((e) => e.prompt + e.completion),
    }));
  const maxLength = t.maxLength ?? config.model.context;
  if (maxLength > config.model.context) {
    throw new TunixError("E_SCHEMA", {
      field: "training.maxLength",
      expected: `at most model.context (${config.model.context})`,
      found: String(maxLength),
    });
  }
  const units = tokenizeExamples(examples.train, tok, { maxLength, loss: t.loss });
  const evalUnits = tokenizeExamples(examples.eval.slice(0, config.dataset.evalLimit), tok, {
    maxLength,
    loss: t.loss,
  });
  const truncation = { maxLength, train: truncationStats(units), eval: truncationStats(evalUnits) };
  for (const split of ["train", "eval"] as const) {
    const line = truncationWarning(truncation[split], maxLength, split);
    if (line) (opts.onWarning ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }
  const stream = new BatchStream(units, {
    batchSize: t.batchSize,
    maxLength,
    packing: t.packing,
    seed: config.seed,
    padId: tok.padId,
  });
  const totalSteps =
    t.steps ?? Math.max(1, Math.ceil(((t.epochs ?? 1) * stream.batchesInEpoch(0)) / t.gradAccumSteps));

  const model = await createModel(root, config, tok);
  const opt = createOptimizer(
    model.trainable(),
    {
      beta1: t.beta1,
      beta2: t.beta2,
      eps: t.eps,
      weightDecay: t.weightDecay,
    },
    backend.name,
  );
  const ckRoot = checkpointRoot(artifactDir);
  const configHash = hashValue({
    ...identityConfig(config),
    training: { ...identityConfig(config).training, device: undefined },
  });
  let state: TrainState = {
    schemaVersion: 1,
    step: 0,
    cursor: stream.cursor,
    tokens: 0,
    elapsedS: 0,
    seed: config.seed,
    configHash,
  };
  // A fresh run never inherits checkpoints of an earlier run with the same id.
  if (!opts.resume) rmSync(ckRoot, { recursive: true, force: true });
  const resumeFrom = opts.resume ? latestCheckpoint(ckRoot) : undefined;
  if (resumeFrom) {
    state = await restoreCheckpoint(resumeFrom, model, opt);
    if (state.configHash !== configHash) {
      throw new TunixError("E_MISMATCH", {
        file: relPath(root, resumeFrom),
        message: "the checkpoint was made with another config",
        hint: "resume with the config the run was made with (runs/<id>/run.json), or start a new run",
      });
    }
    stream.cursor = state.cursor;
  }
  truncateMetrics(metricsFile, state.step);

  const started = Date.now() - state.elapsedS * 1000;
  const elapsed = () => (Date.now() - started) / 1000;
  let lastLoss = Number.NaN;
  let windowStart = { time: Date.now(), tokens: 0 };
  let evalResult: { loss: number; accuracy: number } | undefined;
  let interrupted = false;
  const evalSet = evalBatches(evalUnits, t.batchSize, t.evalBatches, tok.padId);
  const runEval = async (step: number) => {
    if (evalSet.length === 0) return;
    evalResult = await evaluate(model, evalSet);
    checkFinite({ step, lr: lrAt(step, t, totalSteps), peakLr: t.lr, evalLoss: evalResult.loss });
    appendMetricsRow(metricsFile, {
      schemaVersion: 1,
      kind: "eval",
      step,
      epoch: stream.epochProgress(),
      evalLoss: evalResult.loss,
      evalTokenAccuracy: evalResult.accuracy,
      elapsedS: elapsed(),
    });
  };
  const checkpoint = (step: number) => {
    state = { ...state, step, cursor: stream.cursor, elapsedS: elapsed() };
    return saveCheckpoint(ckRoot, state, model, opt, t.keepCheckpoints);
  };

  let lastCheckpoint = resumeFrom;
  const processStart = { time: Date.now(), step: state.step };
  const stopAt = opts.stopAtStep !== undefined && opts.stopAtStep < totalSteps ? opts.stopAtStep : undefined;
  let stopped = stopAt !== undefined && state.step >= stopAt; // resumed at (or past) the rung already
  for (let step = state.step; step < totalSteps && !stopped; step++) {
    // Let signal handlers (SIGINT → abort) run: the step itself is synchronous.
    await new Promise((resolve) => setImmediate(resolve));
    if (opts.signal?.aborted) {
      interrupted = true;
      lastCheckpoint = await checkpoint(step);
      break;
    }
    // One optimizer step = gradAccumSteps micro-batches; the loss is a mean over all their tokens.
    const micro = Array.from({ length: t.gradAccumSteps }, () => stream.next());
    const denominator = micro.reduce((a, b) => a + b.lossTokens, 0);
    const lr = lrAt(step, t, totalSteps);
    const { loss, correct, gradNorm } = await trainStep(model, opt, micro, {
      lr,
      clipGradNorm: t.clipGradNorm,
      seed: config.seed,
      step,
      checkpoint: t.activationCheckpointing,
    });
    const done = step + 1;
    checkFinite({ step: done, lr, peakLr: t.lr, loss, gradNorm }); // before it reaches metrics or a checkpoint
    state.tokens += denominator;
    windowStart.tokens += micro.reduce((a, b) => a + b.tokens, 0);
    lastLoss = loss;
    if (done % t.logEvery === 0 || done === totalSteps) {
      const secs = Math.max(1e-9, (Date.now() - windowStart.time) / 1000);
      appendMetricsRow(metricsFile, {
        schemaVersion: 1,
        kind: "train",
        step: done,
        epoch: stream.epochProgress(),
        loss,
        lr,
        gradNorm,
        tokens: state.tokens,
        tokensPerS: windowStart.tokens / secs,
        tokenAccuracy: denominator ? correct / denominator : 0,
        elapsedS: elapsed(),
      });
      opts.onProgress?.({
        step: done,
        totalSteps,
        loss,
        tokensPerS: windowStart.tokens / secs,
        etaS:
          ((totalSteps - done) * (Date.now() - processStart.time)) /
          1000 /
          Math.max(1, done - processStart.step),
      });
      windowStart = { time: Date.now(), tokens: 0 };
    }
    if (stopAt !== undefined && done >= stopAt) {
      await runEval(done); // the rung's metric
      lastCheckpoint = await checkpoint(done);
      stopped = true;
      break;
    }
    if (t.evalEvery > 0 && done % t.evalEvery === 0 && done !== totalSteps) await runEval(done);
    if (t.checkpointEvery > 0 && done % t.checkpointEvery === 0 && done !== totalSteps)
      lastCheckpoint = await checkpoint(done);
  }

  let modelDir: string | undefined;
  const artifacts: Artifact[] = [];
  const stepsDone = interrupted || stopped ? state.step : totalSteps;
  if (!interrupted && !stopped) {
    await runEval(totalSteps);
    lastCheckpoint = await checkpoint(totalSteps);
    modelDir = path.join(artifactDir, "model");
    const gen = {
      max_new_tokens: config.inference.maxNewTokens,
      do_sample: config.inference.decoding === "sample",
      temperature: config.inference.temperature,
      top_k: config.inference.topK,
      top_p: config.inference.topP,
    };
    // A LoRA adapter names its base: the store folder for Gemma 3 (Hugging Face's layout there), else
    // the exported folder itself (".").
    const baseModel = config.model.family === "gemma3" ? config.model.weights : ".";
    for (const file of await exportModelFolder(modelDir, model, tok, gen, { baseModel }))
      artifacts.push(fileArtifact(root, file));
  }
  const parameters = countParameters(model);
  const trainableParameters = countTrainable(model);
  opt.dispose();
  model.dispose();
  return {
    runId,
    steps: stepsDone,
    totalSteps,
    interrupted,
    stoppedAtStep: stopped ? state.step : undefined,
    loss: lastLoss,
    evalLoss: evalResult?.loss,
    evalTokenAccuracy: evalResult?.accuracy,
    tokens: state.tokens,
    seconds: elapsed(),
    parameters,
    trainableParameters,
    method: t.method,
    plannedPeakRssBytes: plan.peakRssBytes,
    truncation,
    backend,
    tokenizer: tok,
    checkpoint: lastCheckpoint,
    modelDir,
    artifacts,
  };
}

function planError(plan: MemoryPlan, shape: TrainingShape): TunixError {
  const gb = (b: number) => `${(b / 1e9).toFixed(2)} GB`;
  const b = plan.bytes;
  return new TunixError("E_RESOURCE", {
    field: "training",
    message:
      `the run does not fit on ${plan.backend}: ${plan.problems.join("; ")} ` +
      `(weights ${gb(b.weights)}, gradients ${gb(b.gradients)}, optimizer ${gb(b.optimizer)}, ` +
      `activations ${gb(b.activations)}, logits ${gb(b.logits)}; ${plan.trainableParameters.toLocaleString("en-US")} of ` +
      `${plan.parameters.toLocaleString("en-US")} parameters train)`,
    hint: `${planHints(shape).join("; ")} — see \`tunix-rt model plan <config>\``,
  });
}

async function evaluate(model: CausalLM, batches: Batch[]): Promise<{ loss: number; accuracy: number }> {
  const denominator = batches.reduce((a, b) => a + b.lossTokens, 0);
  let loss = 0;
  let correct = 0;
  for (const b of batches) {
    const [l, c] = tf.tidy(() => {
      const out = sparseCrossEntropy(
        model.forward(b.input).hidden,
        model.head(),
        b.labels,
        b.weights,
        Math.max(1, denominator),
        {
          headTrainable: false,
        },
      );
      return [out.loss, out.correct];
    });
    loss += (await l.data())[0];
    correct += (await c.data())[0];
    l.dispose();
    c.dispose();
  }
  return { loss, accuracy: denominator ? correct / denominator : 0 };
}

/** The model the config starts from, with fresh LoRA adapters for `method: lora`. */
async function createModel(root: string, config: RunConfig, tok: Tokenizer): Promise<CausalLM> {
  const family = FAMILIES[config.model.family];
  let model: CausalLM;
  if (config.model.family === "gpt" && config.model.weights) {
    // A GPT folder carries its own tokenizer: it must be the run's.
    const loaded = await loadModelFolder(pathInRepo(root, config.model.weights, { field: "model.weights" }));
    if (loaded.tokenizer.fingerprint() !== tok.fingerprint()) {
      throw new TunixError("E_MISMATCH", {
        field: "model.weights",
        message: "the weights folder's tokenizer differs from model.tokenizer",
        hint: "point model.tokenizer.path at the weights folder",
      });
    }
    model = loaded.model;
  } else model = await family.open(config.model, { root, vocabSize: tok.vocabSize, seed: config.seed });
  if (model.dims.vocab < tok.vocabSize) {
    throw new TunixError("E_MISMATCH", {
      field: "model.tokenizer",
      expected: `a tokenizer of at most ${model.dims.vocab} tokens (the model's vocabulary)`,
      found: `${tok.vocabSize} tokens`,
      hint: "use the tokenizer the weights were trained with",
    });
  }
  if (config.training.method === "lora") {
    const l = loraSettingsOf(config.training);
    attachLora(model, { ...l, targetModules: l.targetModules ?? family.defaultLoraTargets }, config.seed);
  }
  return model;
}

async function loadSplits(root: string, config: RunConfig): Promise<{ train: Example[]; eval: Example[] }> {
  const template = chatTemplateOfFamily(config.model.family);
  const train = await loadExamples(root, config.dataset.name, config.dataset.trainSplit, { template });
  const evalSplit = await loadExamples(root, config.dataset.name, config.dataset.evalSplit, { template });
  return { train, eval: evalSplit };
}
