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
import { type Example, loadExamples } from "../dataset/examples.ts";
import { TunixError } from "../errors.ts";
import { hashValue } from "../io/json.ts";
import { type BackendInfo, initBackend } from "../model/backend.ts";
import { type DecoderModel, FAMILIES } from "../model/families.ts";
import { disposeModel, forwardGpt } from "../model/gpt.ts";
import { maskedCrossEntropy } from "../model/loss.ts";
import { exportModelFolder, loadModelFolder } from "../model/model-folder.ts";
import { loadTokenizer, type Tokenizer } from "../model/tokenizers/index.ts";
import type { RunConfig } from "../schemas/config.ts";
import { type Artifact, fileArtifact } from "./artifacts.ts";
import { type Batch, BatchStream, evalBatches, tokenizeExamples } from "./batching.ts";
import {
  checkpointRoot,
  latestCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
  type TrainState,
} from "./checkpoint.ts";
import { appendMetricsRow, truncateMetrics } from "./metrics.ts";
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
}

export interface TrainSummary {
  runId: string;
  steps: number;
  totalSteps: number;
  interrupted: boolean;
  loss: number;
  evalLoss?: number;
  evalTokenAccuracy?: number;
  tokens: number;
  seconds: number;
  parameters: number;
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
  const artifactDir = path.resolve(root, config.artifacts.dir, runId);
  const metricsFile = path.join(runDir, "metrics.jsonl");

  const backend = await initBackend(t.device);
  const examples = opts.examples ?? (await loadSplits(root, config));
  const tok =
    opts.tokenizer ??
    (await loadTokenizer(config.model.tokenizer, {
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
    model.params,
    {
      beta1: t.beta1,
      beta2: t.beta2,
      eps: t.eps,
      weightDecay: t.weightDecay,
    },
    backend.name,
  );
  const ckRoot = checkpointRoot(artifactDir);
  const configHash = hashValue({ ...config, training: { ...t, device: undefined } });
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
    state = restoreCheckpoint(resumeFrom, model, opt);
    if (state.configHash !== configHash) {
      throw new TunixError("E_MISMATCH", {
        file: resumeFrom,
        message: "the checkpoint was made with another config",
        hint: "resume with the same config, or start a new run",
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
  const runEval = (step: number) => {
    if (evalSet.length === 0) return;
    evalResult = evaluate(model, evalSet);
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
  for (let step = state.step; step < totalSteps; step++) {
    // Let signal handlers (SIGINT → abort) run: the step itself is synchronous.
    await new Promise((resolve) => setImmediate(resolve));
    if (opts.signal?.aborted) {
      interrupted = true;
      lastCheckpoint = checkpoint(step);
      break;
    }
    // One optimizer step = gradAccumSteps micro-batches; the loss is a mean over all their tokens.
    const micro = Array.from({ length: t.gradAccumSteps }, () => stream.next());
    const denominator = micro.reduce((a, b) => a + b.lossTokens, 0);
    const lr = lrAt(step, t, totalSteps);
    const { loss, correct, gradNorm } = trainStep(model, opt, micro, { lr, clipGradNorm: t.clipGradNorm });
    const done = step + 1;
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
    if (t.evalEvery > 0 && done % t.evalEvery === 0 && done !== totalSteps) runEval(done);
    if (t.checkpointEvery > 0 && done % t.checkpointEvery === 0 && done !== totalSteps)
      lastCheckpoint = checkpoint(done);
  }

  let modelDir: string | undefined;
  const artifacts: Artifact[] = [];
  const stepsDone = interrupted ? state.step : totalSteps;
  if (!interrupted) {
    runEval(totalSteps);
    lastCheckpoint = checkpoint(totalSteps);
    modelDir = path.join(artifactDir, "model");
    const gen = {
      max_new_tokens: config.inference.maxNewTokens,
      do_sample: config.inference.decoding === "sample",
      temperature: config.inference.temperature,
      top_k: config.inference.topK,
      top_p: config.inference.topP,
    };
    for (const file of exportModelFolder(modelDir, model, tok, gen)) artifacts.push(fileArtifact(root, file));
  }
  const parameters = [...model.params.values()].reduce((a, p) => a + p.size, 0);
  opt.dispose();
  disposeModel(model);
  return {
    runId,
    steps: stepsDone,
    totalSteps,
    interrupted,
    loss: lastLoss,
    evalLoss: evalResult?.loss,
    evalTokenAccuracy: evalResult?.accuracy,
    tokens: state.tokens,
    seconds: elapsed(),
    parameters,
    backend,
    tokenizer: tok,
    checkpoint: lastCheckpoint,
    modelDir,
    artifacts,
  };
}

function forwardOf(model: DecoderModel, b: Batch): { logits: tf.Tensor2D } {
  return forwardGpt(model, b.input);
}

function evaluate(model: DecoderModel, batches: Batch[]): { loss: number; accuracy: number } {
  const denominator = batches.reduce((a, b) => a + b.lossTokens, 0);
  let loss = 0;
  let correct = 0;
  for (const b of batches) {
    const [l, c] = tf.tidy(() => {
      const out = maskedCrossEntropy(
        forwardOf(model, b).logits,
        b.labels,
        b.weights,
        Math.max(1, denominator),
      );
      return [out.loss.dataSync()[0], out.correct.dataSync()[0]];
    });
    loss += l;
    correct += c;
  }
  return { loss, accuracy: denominator ? correct / denominator : 0 };
}

async function createModel(root: string, config: RunConfig, tok: Tokenizer): Promise<DecoderModel> {
  if (config.model.weights) {
    const { model, tokenizer } = await loadModelFolder(path.resolve(root, config.model.weights));
    if (tokenizer.fingerprint() !== tok.fingerprint()) {
      throw new TunixError("E_MISMATCH", {
        field: "model.weights",
        message: "the weights folder's tokenizer differs from model.tokenizer",
        hint: "point model.tokenizer.path at the weights folder",
      });
    }
    return model;
  }
  return FAMILIES[config.model.family].create(config.model, tok.vocabSize, config.seed);
}

async function loadSplits(root: string, config: RunConfig): Promise<{ train: Example[]; eval: Example[] }> {
  const train = await loadExamples(root, config.dataset.name, config.dataset.trainSplit);
  const evalSplit = await loadExamples(root, config.dataset.name, config.dataset.evalSplit);
  return { train, eval: evalSplit };
}
