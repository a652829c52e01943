// From examples to model batches. Each example becomes [bos, prompt…, completion…] truncated to
// maxLength + 1 tokens, i.e. at most maxLength (input, next-token label) positions. Labels carry
// loss on completion tokens only (`loss: completion`) or on every token (`loss: all`); padding never.
// Rows are either one example each, padded to the longest row of the batch (`packing: false`), or
// several examples packed into rows of maxLength positions (`packing: true`), each with its own
// segment id so attention never crosses examples, and positions restarting at 0.
// The order of examples is a seeded shuffle per epoch, so (seed, epoch, batch index) fixes a batch.
// What the cut at maxLength drops is kept on each unit (`dropped`) and counted by truncationStats:
// an example whose prompt fills the context keeps no loss-carrying position at all.
//
//   const units = tokenizeExamples(examples, tok, { maxLength, loss });
//   const t = truncationStats(units);    // { examples, truncated, noLoss, droppedTokens, droppedLossTokens }
//   const stream = new BatchStream(units, { batchSize, maxLength, packing, seed });
//   const batch = stream.next();   // { input, labels, weights, lossTokens, tokens }

import type { Example } from "../dataset/examples.ts";
import { TunixError } from "../errors.ts";
import type { ModelInput } from "../model/causal-lm.ts";
import { deriveSeed, Prng } from "../model/prng.ts";
import type { Tokenizer } from "../model/tokenizers/index.ts";

/** One example as training positions: inputs, next-token labels, loss weights. */
export interface Unit {
  ids: Int32Array;
  labels: Int32Array;
  weights: Float32Array;
  /** Set when the example was cut at maxLength: the positions and loss-carrying positions dropped. */
  dropped?: { tokens: number; lossTokens: number };
}

/** What the cut at the context length did to a set of examples (recorded in run.json). */
export interface TruncationStats {
  examples: number;
  /** Examples longer than maxLength + 1 tokens, cut. */
  truncated: number;
  /** Examples left without any loss-carrying position (the prompt fills the context). */
  noLoss: number;
  /** Positions dropped in all, and those of them that would have carried loss. */
  droppedTokens: number;
  droppedLossTokens: number;
}

/** Above this share of truncated examples (or with any example left without loss), the trainer warns. */
export const TRUNCATION_WARN_SHARE = 0.01;

export interface Batch {
  input: ModelInput;
  labels: Int32Array;
  weights: Float32Array;
  /** Positions that carry loss. */
  lossTokens: number;
  /** Positions that are not padding. */
  tokens: number;
}

export function tokenizeExamples(
  examples: readonly Pick<Example, "prompt" | "completion">[],
  tok: Tokenizer,
  opts: { maxLength: number; loss: "completion" | "all" },
): Unit[] {
  return examples.map((ex) => {
    const prompt = [tok.bosId, ...tok.encode(ex.prompt)];
    const full = [...prompt, ...tok.encode(ex.completion)];
    const all = full.slice(0, opts.maxLength + 1);
    const n = all.length - 1;
    const unit: Unit = {
      ids: Int32Array.from(all.slice(0, n)),
      labels: Int32Array.from(all.slice(1)),
      weights: new Float32Array(n),
    };
    // Position i predicts token i+1: it carries loss when that token belongs to the completion.
    const carries = (i: number) => opts.loss === "all" || i + 1 >= prompt.length;
    for (let i = 0; i < n; i++) unit.weights[i] = carries(i) ? 1 : 0;
    if (full.length > all.length) {
      let lossTokens = 0;
      for (let i = n; i < full.length - 1; i++) if (carries(i)) lossTokens++;
      unit.dropped = { tokens: full.length - all.length, lossTokens };
    }
    return unit;
  });
}

export function truncationStats(units: readonly Unit[]): TruncationStats {
  const t: TruncationStats = {
    examples: units.length,
    truncated: 0,
    noLoss: 0,
    droppedTokens: 0,
    droppedLossTokens: 0,
  };
  for (const u of units) {
    if (u.dropped) {
      t.truncated++;
      t.droppedTokens += u.dropped.tokens;
      t.droppedLossTokens += u.dropped.lossTokens;
    }
    if (!u.weights.some((w) => w > 0)) t.noLoss++;
  }
  return t;
}

/** The trainer's warning line, or undefined when the cut is rare and harmless. */
export function truncationWarning(t: TruncationStats, maxLength: number, split: string): string | undefined {
  if (t.noLoss === 0 && t.truncated <= TRUNCATION_WARN_SHARE * t.examples) return undefined;
  return (
    `warning: ${t.truncated} of ${t.examples} ${split} examples are longer than ${maxLength + 1} tokens and were cut ` +
    `(${t.droppedLossTokens} loss tokens dropped); ${t.noLoss} carry no loss at all — raise training.maxLength ` +
    "(≤ model.context) or shorten them; `tunix-rt dataset preview` shows what the model sees"
  );
}

/** Group units into rows: one per unit, or packed greedily in the given order. */
export function buildRows(
  units: readonly Unit[],
  order: readonly number[],
  packing: boolean,
  maxLength: number,
): Unit[][] {
  if (!packing) return order.map((i) => [units[i]]);
  const rows: Unit[][] = [];
  let row: Unit[] = [];
  let used = 0;
  for (const i of order) {
    const u = units[i];
    if (used + u.ids.length > maxLength && row.length > 0) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(u);
    used += u.ids.length;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Rows → one padded batch. Padding: id 0 (any id works, it is masked), segment 0, weight 0. */
export function collate(rows: readonly Unit[][], padId: number): Batch {
  const time = Math.max(1, ...rows.map((r) => r.reduce((a, u) => a + u.ids.length, 0)));
  const batch = rows.length;
  const ids = new Int32Array(batch * time).fill(padId);
  const labels = new Int32Array(batch * time).fill(padId);
  const weights = new Float32Array(batch * time);
  const positions = new Int32Array(batch * time);
  const segments = new Int32Array(batch * time);
  let lossTokens = 0;
  let tokens = 0;
  rows.forEach((row, r) => {
    let at = r * time;
    row.forEach((u, s) => {
      ids.set(u.ids, at);
      labels.set(u.labels, at);
      weights.set(u.weights, at);
      for (let i = 0; i < u.ids.length; i++) {
        positions[at + i] = i;
        segments[at + i] = s + 1;
        lossTokens += u.weights[i];
      }
      tokens += u.ids.length;
      at += u.ids.length;
    });
  });
  return { input: { ids, positions, segments, batch, time }, labels, weights, lossTokens, tokens };
}

export interface StreamOptions {
  batchSize: number;
  maxLength: number;
  packing: boolean;
  seed: number;
  padId: number;
}

export interface StreamCursor {
  epoch: number;
  batchIndex: number;
}

/** The endless, seeded stream of training batches; its cursor is saved in checkpoints. */
export class BatchStream {
  readonly units: readonly Unit[];
  readonly opts: StreamOptions;
  cursor: StreamCursor = { epoch: 0, batchIndex: 0 };
  private rowsEpoch = -1;
  private rows: Unit[][] = [];

  constructor(units: readonly Unit[], opts: StreamOptions) {
    if (units.length === 0) {
      throw new TunixError("E_STATE", {
        message: "the training split has no examples",
        hint: "check the dataset lock",
      });
    }
    this.units = units;
    this.opts = opts;
  }

  /** Batches in one epoch (for the given epoch's packing). */
  batchesInEpoch(epoch = this.cursor.epoch): number {
    return Math.ceil(this.rowsOf(epoch).length / this.opts.batchSize);
  }

  /** Fractional epochs done. */
  epochProgress(): number {
    return this.cursor.epoch + this.cursor.batchIndex / this.batchesInEpoch();
  }

  next(): Batch {
    if (this.cursor.batchIndex >= this.batchesInEpoch())
      this.cursor = { epoch: this.cursor.epoch + 1, batchIndex: 0 };
    const rows = this.rowsOf(this.cursor.epoch);
    const start = this.cursor.batchIndex * this.opts.batchSize;
    this.cursor = { ...this.cursor, batchIndex: this.cursor.batchIndex + 1 };
    return collate(rows.slice(start, start + this.opts.batchSize), this.opts.padId);
  }

  private rowsOf(epoch: number): Unit[][] {
    if (epoch !== this.rowsEpoch) {
      const order = new Prng(deriveSeed(this.opts.seed, "data-order", epoch)).shuffle([...this.units.keys()]);
      this.rows = buildRows(this.units, order, this.opts.packing, this.opts.maxLength);
      this.rowsEpoch = epoch;
    }
    return this.rows;
  }
}

/** Eval batches: the split in file order, padded, no packing; at most `maxBatches`. */
export function evalBatches(
  units: readonly Unit[],
  batchSize: number,
  maxBatches: number,
  padId: number,
): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < units.length && out.length < maxBatches; i += batchSize) {
    out.push(
      collate(
        units.slice(i, i + batchSize).map((u) => [u]),
        padId,
      ),
    );
  }
  return out;
}
