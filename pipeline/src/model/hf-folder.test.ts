// Loading Hugging Face folders: a sharded copy of a fixture gives the same model as the single file;
// a missing shard, a missing or surplus tensor, a wrong shape or dtype are refused naming the file
// and the key; a tied lm_head.weight is accepted and ignored.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { initBackend } from "./backend.ts";
import { openGemma3 } from "./families/gemma3-open.ts";
import { readSafetensors, type SafeTensor, writeSafetensors } from "./safetensors.ts";

const FIXTURE = path.join(import.meta.dirname, "families", "fixtures", "gemma3-released");

function fixtureTensors(): Record<string, SafeTensor> {
  return readSafetensors(path.join(FIXTURE, "model.safetensors")).tensors;
}

/** A folder with the fixture's config.json and the given weight files. */
function folder(files: Record<string, Record<string, SafeTensor>>, index?: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tunix-hf-"));
  copyFileSync(path.join(FIXTURE, "config.json"), path.join(dir, "config.json"));
  for (const [name, tensors] of Object.entries(files))
    writeSafetensors(path.join(dir, name), tensors, { format: "pt" });
  if (index)
    writeFileSync(
      path.join(dir, "model.safetensors.index.json"),
      JSON.stringify({ metadata: {}, weight_map: index }),
    );
  return { dir, display: "store/m" };
}

function sharded(t: Record<string, SafeTensor>) {
  const names = Object.keys(t).sort();
  const half = Math.floor(names.length / 2);
  const a = Object.fromEntries(names.slice(0, half).map((n) => [n, t[n]]));
  const b = Object.fromEntries(names.slice(half).map((n) => [n, t[n]]));
  const index: Record<string, string> = {};
  for (const n of names.slice(0, half)) index[n] = "model-00001-of-00002.safetensors";
  for (const n of names.slice(half)) index[n] = "model-00002-of-00002.safetensors";
  return { files: { "model-00001-of-00002.safetensors": a, "model-00002-of-00002.safetensors": b }, index };
}

function errorOf(fn: () => unknown): TunixError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TunixError) return err;
    throw err;
  }
  throw new Error("no error");
}

function logitsOf(f: { dir: string; display: string }): Float32Array {
  const m = openGemma3(f);
  const ids = Int32Array.from([1, 5, 9, 3, 7, 2]);
  const out = tf.tidy(
    () =>
      m
        .logits(
          m.forward({
            ids,
            positions: Int32Array.from(ids, (_, i) => i),
            segments: new Int32Array(6).fill(1),
            batch: 1,
            time: 6,
          }).hidden,
        )
        .dataSync() as Float32Array,
  );
  m.dispose();
  return out;
}

describe("Hugging Face folders", () => {
  beforeAll(async () => {
    await initBackend("cpu");
  });

  it("loads sharded weights to the same model as one file, and ignores a tied lm_head", () => {
    const t = fixtureTensors();
    const single = logitsOf({ dir: FIXTURE, display: "fixture" });
    const s = sharded(t);
    expect(logitsOf(folder(s.files, s.index))).toEqual(single);
    const withHead = { ...t, "lm_head.weight": t["model.embed_tokens.weight"] };
    expect(logitsOf(folder({ "model.safetensors": withHead }))).toEqual(single);
  });

  it("refuses a missing shard, naming it and a tensor it should hold", () => {
    const s = sharded(fixtureTensors());
    const f = folder(s.files, s.index);
    rmSync(path.join(f.dir, "model-00002-of-00002.safetensors"));
    const err = errorOf(() => openGemma3(f));
    expect(err.code).toBe("E_NOT_FOUND");
    expect(err.message).toMatch(/^store\/m\/model-00002-of-00002\.safetensors: weight_map\.model\./);
    expect(err.message).toContain("shard missing");
  });

  it("refuses a missing tensor, naming the weights file and the key", () => {
    const { "model.layers.1.self_attn.k_norm.weight": _, ...rest } = fixtureTensors();
    const err = errorOf(() => openGemma3(folder({ "model.safetensors": rest })));
    expect(err.message).toMatch(
      /^store\/m\/model\.safetensors: model\.layers\.1\.self_attn\.k_norm\.weight: tensor missing/,
    );
  });

  it("refuses a surplus tensor (another architecture's checkpoint)", () => {
    const t = fixtureTensors();
    const err = errorOf(() =>
      openGemma3(folder({ "model.safetensors": { ...t, "vision_tower.x": t["model.norm.weight"] } })),
    );
    expect(err.message).toContain(
      "store/m/model.safetensors: vision_tower.x: a tensor the Gemma 3 text model does not have",
    );
  });

  it("refuses a tensor of the wrong shape", () => {
    const t = fixtureTensors();
    const q = t["model.layers.0.self_attn.q_proj.weight"]; // [32, 16] in the file
    const bad = { ...t, "model.layers.0.self_attn.q_proj.weight": { ...q, shape: [16, 32] } };
    const err = errorOf(() => openGemma3(folder({ "model.safetensors": bad })));
    expect(err.code).toBe("E_MISMATCH");
    expect(err.message).toContain(
      "store/m/model.safetensors: model.layers.0.self_attn.q_proj.weight.shape: expected [32, 16] (from config.json), found [16, 32]",
    );
  });

  it("refuses a tensor of a non-float dtype", () => {
    const t = fixtureTensors();
    const n = t["model.norm.weight"];
    const bad = {
      ...t,
      "model.norm.weight": { dtype: "I32" as const, shape: n.shape, data: new Int32Array(n.shape[0]) },
    };
    const err = errorOf(() => openGemma3(folder({ "model.safetensors": bad })));
    expect(err.message).toContain(
      "store/m/model.safetensors: model.norm.weight.dtype: expected F32 | BF16 | F16, found I32",
    );
  });

  it("refuses an index that puts a tensor in a shard which does not hold it", () => {
    const s = sharded(fixtureTensors());
    const first = Object.keys(s.index)[0];
    s.index[first] = "model-00002-of-00002.safetensors";
    const err = errorOf(() => openGemma3(folder(s.files, s.index)));
    expect(err.message).toContain(`store/m/model-00002-of-00002.safetensors: ${first}`);
  });
});
