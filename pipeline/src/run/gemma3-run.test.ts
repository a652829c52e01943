// A Gemma 3 LoRA run through the real CLI in a temp repository and a temp model store: `model init`
// (tiny preset, a BPE trained on the dataset), `run` (train → infer → judge). The run records the
// Gemma 3 chat template (gemma@2, the one the folder's own Jinja template writes), the family and
// the method; its exported adapter is in PEFT's layout and names the store folder as its base; infer
// renders prompts with the template run.json records, so a run that names an unknown one is refused.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chatTemplateFingerprint, GEMMA3_TEMPLATE } from "../dataset/chat-template.ts";
import { readSafetensors } from "../model/safetensors.ts";
import { RunManifest } from "../schemas/run.ts";

const repo = path.resolve(import.meta.dirname, "../../..");
const bin = path.join(repo, "pipeline/bin/tunix-rt.js");

function makeRepo(): { root: string; store: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-gemma-"));
  const store = mkdtempSync(path.join(os.tmpdir(), "tunix-store-"));
  for (const d of ["traces", "datasets", "configs/runs"]) mkdirSync(path.join(root, d), { recursive: true });
  const traces = Array.from({ length: 32 }, (_, i) => ({
    schemaVersion: 1,
    id: `t-${i}`,
    source: "synthetic/test",
    prompt: `What is ${i} + ${i % 7}?`,
    steps: [{ text: `${i} + ${i % 7} = ${i + (i % 7)}` }],
    answer: String(i + (i % 7)),
  }));
  writeFileSync(path.join(root, "traces/t.jsonl"), `${traces.map((t) => JSON.stringify(t)).join("\n")}\n`);
  writeFileSync(
    path.join(root, "datasets/tiny.yaml"),
    "schemaVersion: 1\nname: tiny\nsources: [traces/t.jsonl]\nsplit: { ratios: { train: 0.75, eval: 0.25 } }\n",
  );
  writeFileSync(
    path.join(root, "configs/runs/g.yaml"),
    [
      "schemaVersion: 1",
      "dataset: { name: tiny }",
      "model: { family: gemma3, weights: tiny-g, context: 96 }",
      "training: { method: lora, lora: { r: 4, alpha: 8 }, steps: 2, batchSize: 4, logEvery: 1, device: wasm }",
      "inference: { maxNewTokens: 4, batchSize: 8 }",
      "",
    ].join("\n"),
  );
  return { root, store };
}

function cli(root: string, store: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TUNIX_RT_ROOT: root, TUNIX_MODEL_STORE: store },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("a Gemma 3 LoRA run (tiny preset, CLI)", () => {
  it("records gemma@2, exports a PEFT adapter naming its store base, and infers with the recorded template", () => {
    const { root, store } = makeRepo();
    for (const args of [
      ["dataset", "build", "tiny"],
      [
        "model",
        "init",
        "--family",
        "gemma3",
        "--preset",
        "tiny",
        "--out",
        "tiny-g",
        "--dataset",
        "tiny",
        "--vocab",
        "300",
      ],
      ["run", "configs/runs/g.yaml", "--run-id", "g-1"],
    ]) {
      const r = cli(root, store, args);
      expect(r.status, `${args.join(" ")}\n${r.stderr}`).toBe(0);
    }
    const runDir = path.join(root, "runs/g-1");
    const m = RunManifest.parse(JSON.parse(readFileSync(path.join(runDir, "run.json"), "utf8")));
    expect(m.status).toBe("completed");
    expect(m.chatTemplate).toEqual({
      name: "gemma@2",
      fingerprint: chatTemplateFingerprint(GEMMA3_TEMPLATE),
    });
    expect(m.model).toMatchObject({ family: "gemma3", method: "lora" });
    expect(m.model?.trainableParameters).toBeLessThan(m.model?.parameters ?? 0);

    const adapter = m.artifacts.find((a) => a.uri.endsWith("/adapter_model.safetensors"));
    const adapterFile = path.resolve(root, (adapter?.uri ?? "").replace(/^file:/, ""));
    const { tensors, metadata } = readSafetensors(adapterFile);
    const keys = Object.keys(tensors).sort();
    expect(keys[0]).toMatch(/^base_model\.model\.model\.layers\.0\.[a-z_.]+\.lora_A\.weight$/);
    expect(metadata.tunix_base_weights_sha256).toMatch(/^[0-9a-f]{64}$/);
    const cfg = JSON.parse(readFileSync(path.join(path.dirname(adapterFile), "adapter_config.json"), "utf8"));
    expect(cfg).toMatchObject({ peft_type: "LORA", r: 4, lora_alpha: 8, base_model_name_or_path: "tiny-g" });

    const predictions = readFileSync(path.join(runDir, "predictions.jsonl"), "utf8").trim().split("\n");
    expect(predictions.length).toBe(8);

    // infer reads the template from run.json: an unknown one is refused, naming the field.
    const file = path.join(runDir, "run.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.chatTemplate = { name: "gemma@9", fingerprint: "0000000000000000" };
    writeFileSync(file, JSON.stringify(json));
    const again = cli(root, store, ["infer", "runs/g-1"]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(
      /runs\/g-1\/run\.json: chatTemplate\.name: expected gemma \| gemma@2, found gemma@9/,
    );
  }, 240_000);
});
