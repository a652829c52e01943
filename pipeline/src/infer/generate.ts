// Text generation with a KV cache. Prompts are encoded as [bos, …prompt], left-padded to the
// longest prompt of the batch (padding has segment 0 and is never attended to; positions count
// from each row's first real token), run once through the model (prefill), then decoded one token
// per step, reusing cached keys and values. A row stops at the end-of-turn or eos token
// (finishReason "stop", the token left out of the text), at a stop string (text cut before it), or
// after maxNewTokens / when the context is full ("length"). A prompt too long to leave room for one
// new token keeps its bos and loses tokens from its start (`promptTruncatedTokens` counts them).
// Sampling draws from one PRNG per prompt, seeded by (seed, the prompt's seed key): callers pass a
// key per item (its id, and the sample number), so results do not depend on how items are batched
// or chunked; without keys the prompt's index in this call is its key.
//
//   const { model, tokenizer } = await loadModelFolder(dir);
//   const out = await generate(model, tokenizer, ["<start_of_turn>user\n2+2?…"], { maxNewTokens: 64 });
//   out[0].text, out[0].finishReason, out[0].promptTokens, out[0].outputTokens, out[0].ms
import * as tf from "@tensorflow/tfjs";
import { type CausalLM, disposeCache, type KvCache } from "../model/causal-lm.ts";
import { deriveSeed, Prng } from "../model/prng.ts";
import type { Tokenizer } from "../model/tokenizers/index.ts";
import { pickToken, type SamplingOptions } from "./sampling.ts";

export { loadModelFolder } from "../model/model-folder.ts";

export interface GenerateOptions extends Partial<SamplingOptions> {
  maxNewTokens?: number;
  /** Extra stop strings; end-of-turn always stops. */
  stop?: readonly string[];
  seed?: number;
  /** Per prompt, the parts its sampling PRNG is derived from (with `seed`); default its index here. */
  seedKeys?: readonly (readonly (string | number)[])[];
  /** Prompts decoded together. */
  batchSize?: number;
  /** Recompute the whole sequence each step instead of using the KV cache (reference; slow). */
  noCache?: boolean;
}

export interface Generation {
  text: string;
  finishReason: "stop" | "length";
  /** Prompt tokens fed to the model, bos included (after any truncation). */
  promptTokens: number;
  /** Tokens cut from the prompt's start because the context could not hold it (0: none). */
  promptTruncatedTokens: number;
  outputTokens: number;
  ms: number;
}

export async function generate(
  model: CausalLM,
  tok: Tokenizer,
  prompts: readonly string[],
  opts: GenerateOptions = {},
): Promise<Generation[]> {
  const o = {
    maxNewTokens: opts.maxNewTokens ?? 128,
    decoding: opts.decoding ?? "greedy",
    temperature: opts.temperature ?? 1,
    topK: opts.topK ?? 0,
    topP: opts.topP ?? 1,
    stop: opts.stop ?? [],
    seed: opts.seed ?? 0,
    batchSize: opts.batchSize ?? 16,
  };
  if (opts.seedKeys && opts.seedKeys.length !== prompts.length)
    throw new Error(`generate: ${opts.seedKeys.length} seed keys for ${prompts.length} prompts`);
  const out: Generation[] = [];
  for (let start = 0; start < prompts.length; start += o.batchSize) {
    const batch = prompts.slice(start, start + o.batchSize);
    const rngs = batch.map(
      (_, i) => new Prng(deriveSeed(o.seed, "sample", ...(opts.seedKeys?.[start + i] ?? [start + i]))),
    );
    out.push(...(await generateBatch(model, tok, batch, rngs, o, Boolean(opts.noCache))));
  }
  return out;
}

async function generateBatch(
  model: CausalLM,
  tok: Tokenizer,
  prompts: readonly string[],
  rngs: Prng[],
  o: Required<Omit<GenerateOptions, "noCache" | "seedKeys">>,
  noCache: boolean,
): Promise<Generation[]> {
  const t0 = performance.now();
  const context = model.dims.context;
  const B = prompts.length;
  // bos + the prompt; a prompt that leaves no room for one new token keeps bos and its last tokens.
  const room = context - 2;
  const cut: number[] = [];
  const encoded = prompts.map((p) => {
    const ids = tok.encode(p);
    cut.push(Math.max(0, ids.length - room));
    return [tok.bosId, ...(ids.length > room ? ids.slice(ids.length - room) : ids)];
  });
  const L = Math.max(...encoded.map((e) => e.length));
  const pads = encoded.map((e) => L - e.length);
  const seqs: number[][] = encoded.map((e, r) => [...Array(pads[r]).fill(tok.padId), ...e]);
  const outputs: number[][] = prompts.map(() => []);
  const finish: ("stop" | "length" | undefined)[] = prompts.map(() => undefined);
  const texts: string[] = prompts.map(() => "");
  const stopIds = new Set([tok.endOfTurnId, tok.eosId]);

  let cache: KvCache | undefined = noCache ? undefined : model.newCache(B, context);
  let fed = 0; // positions already in the cache
  while (finish.some((f) => f === undefined)) {
    const len = seqs[0].length;
    const from = noCache ? 0 : fed;
    const T = len - from;
    const ids = new Int32Array(B * T);
    const positions = new Int32Array(B * T);
    const segments = new Int32Array(B * T);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < T; j++) {
        const at = from + j;
        ids[r * T + j] = seqs[r][at];
        segments[r * T + j] = at < pads[r] ? 0 : 1;
        // Clamped: a finished row keeps receiving padding while its batch-mates go on.
        positions[r * T + j] = Math.min(context - 1, Math.max(0, at - pads[r]));
      }
    }
    const input = { ids, positions, segments, batch: B, time: T };
    // The new cache's tensors are kept by the model (tf.keep); only the logits leave the tidy.
    let next: KvCache | undefined;
    const logitsT = tf.tidy(() => {
      const res = model.forward(input, cache, { lastOnly: true });
      next = res.cache;
      return model.logits(res.hidden);
    });
    const logits = (await logitsT.data()) as Float32Array;
    logitsT.dispose();
    if (cache) {
      disposeCache(cache);
      cache = next;
    }
    fed = len;
    const V = model.dims.vocab;
    for (let r = 0; r < B; r++) {
      if (finish[r] !== undefined) {
        seqs[r].push(tok.padId);
        continue;
      }
      const next = pickToken(logits.subarray(r * V, (r + 1) * V), o, rngs[r]);
      seqs[r].push(next);
      if (stopIds.has(next)) {
        finish[r] = "stop";
        continue;
      }
      outputs[r].push(next);
      texts[r] = tok.decode(outputs[r], { skipSpecialTokens: false });
      const hit = firstStop(texts[r], o.stop);
      if (hit >= 0) {
        texts[r] = texts[r].slice(0, hit);
        finish[r] = "stop";
      } else if (outputs[r].length >= o.maxNewTokens || seqs[r].length - pads[r] >= context) {
        // The row's own length (positions count from its first real token), not the padded one:
        // a long prompt in the batch must not cut its neighbours short.
        finish[r] = "length";
      }
    }
  }
  if (cache) disposeCache(cache);
  const ms = (performance.now() - t0) / B;
  return prompts.map((_, r) => ({
    text: texts[r],
    finishReason: finish[r] as "stop" | "length",
    promptTokens: encoded[r].length,
    promptTruncatedTokens: cut[r],
    outputTokens: outputs[r].length,
    ms,
  }));
}

function firstStop(text: string, stops: readonly string[]): number {
  let best = -1;
  for (const s of stops) {
    if (!s) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}
