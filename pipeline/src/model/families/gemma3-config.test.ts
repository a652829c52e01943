// config.json parsing: the released form and the transformers-5 form of one architecture give the
// same settings; transformers' defaults fill what a file leaves out; unsupported settings are
// refused with the file and the key.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { parseGemma3Config } from "./gemma3-config.ts";

const released = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "fixtures", "gemma3-released", "config.json"), "utf8"),
) as Record<string, unknown>;

/** The same architecture as transformers 5 writes it. */
function asTransformers5(json: Record<string, unknown>): Record<string, unknown> {
  const { rope_theta, rope_local_base_freq, rope_scaling, sliding_window_pattern, ...rest } = json;
  return {
    ...rest,
    layer_types: ["sliding_attention", "sliding_attention", "full_attention"],
    rope_parameters: {
      full_attention: { ...(rope_scaling as object), rope_theta },
      sliding_attention: { rope_type: "default", rope_theta: rope_local_base_freq },
    },
  };
}

function refusal(json: Record<string, unknown>): TunixError {
  try {
    parseGemma3Config(json, "m/config.json");
  } catch (err) {
    if (err instanceof TunixError) return err;
    throw err;
  }
  throw new Error("accepted");
}

describe("parseGemma3Config", () => {
  it("reads both config forms of one model to the same settings", () => {
    const a = parseGemma3Config(released, "a");
    const b = parseGemma3Config(asTransformers5(released), "b");
    expect(b).toEqual(a);
    expect(a.layerTypes).toEqual(["sliding_attention", "sliding_attention", "full_attention"]);
    expect(a.rope).toEqual({
      full_attention: { base: 1e6, factor: 8 },
      sliding_attention: { base: 1e4, factor: 1 },
    });
    expect(a.eosIds).toEqual([1, 6]);
  });

  it("derives the layer pattern as transformers does (globals at (i + 1) % pattern == 0)", () => {
    const c = parseGemma3Config({ ...released, num_hidden_layers: 13, sliding_window_pattern: 6 }, "x");
    expect(c.layerTypes.flatMap((t, i) => (t === "full_attention" ? [i] : []))).toEqual([5, 11]);
    const dflt = parseGemma3Config(
      { ...released, sliding_window_pattern: undefined, num_hidden_layers: 7 },
      "x",
    );
    expect(dflt.layerTypes[5]).toBe("full_attention");
  });

  it("fills transformers' defaults for keys a file leaves out", () => {
    const minimal = {
      model_type: "gemma3_text",
      vocab_size: 10,
      hidden_size: 8,
      intermediate_size: 16,
      num_hidden_layers: 2,
      num_attention_heads: 4,
    };
    const c = parseGemma3Config(minimal, "x");
    expect(c).toMatchObject({
      kvHeads: 4,
      headDim: 256,
      queryPreAttnScalar: 256,
      slidingWindow: 4096,
      rmsNormEps: 1e-6,
      bosId: 2,
      eosIds: [1],
      padId: 0,
      rope: { full_attention: { base: 1e6, factor: 1 }, sliding_attention: { base: 1e4, factor: 1 } },
    });
  });

  const refused: [string, Record<string, unknown>][] = [
    ["final_logit_softcapping", { final_logit_softcapping: 30 }],
    ["attn_logit_softcapping", { attn_logit_softcapping: 50 }],
    ["use_bidirectional_attention", { use_bidirectional_attention: true }],
    ["attention_bias", { attention_bias: true }],
    ["hidden_activation", { hidden_activation: "silu" }],
    ["rope_scaling", { rope_scaling: { rope_type: "yarn", factor: 8 } }],
    ["rope_parameters.full_attention", { rope_parameters: { full_attention: { rope_type: "llama3" } } }],
    ["model_type", { model_type: "gemma3" }],
    ["model_type", { model_type: "llama" }],
    ["tie_word_embeddings", { tie_word_embeddings: false }],
    ["num_key_value_heads", { num_key_value_heads: 3, num_attention_heads: 2 }],
    ["layer_types", { layer_types: ["sliding_attention"] }],
    ["vocab_size", { vocab_size: undefined }],
    ["head_dim", { head_dim: 7 }],
  ];
  for (const [key, change] of refused) {
    it(`refuses ${JSON.stringify(change)} naming ${key}`, () => {
      const err = refusal({ ...released, ...change });
      expect(err.problems[0].file).toBe("m/config.json");
      expect(err.problems[0].field).toBe(key);
      expect(err.message).toContain(`m/config.json: ${key}:`);
    });
  }

  it("says the multimodal Gemma 3 is not supported", () => {
    expect(refusal({ ...released, model_type: "gemma3" }).message).toMatch(/multimodal/);
  });
});
