// Config layering (defaults → file → --set), unknown keys, and that every key of ModelConfig and
// TrainingConfig is read by the trainer code.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Gemma3ModelConfig, GptModelConfig, LoraConfig, TrainingConfig } from "../schemas/config.ts";
import { loadRunConfig } from "./config-load.ts";

function repoWith(yaml: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  writeFileSync(path.join(root, "tiny.yaml"), yaml);
  return root;
}

describe("loadRunConfig", () => {
  it("layers defaults, the file and --set overrides", () => {
    const root = repoWith("schemaVersion: 1\ndataset: { name: demo }\ntraining:\n  lr: 0.001\n  steps: 5\n");
    const { config, name, configPath } = loadRunConfig(root, "tiny.yaml", [
      "training.steps=20",
      "model.positions=rotary",
      "tags=[a, b]",
    ]);
    expect(name).toBe("tiny");
    expect(configPath).toBe("tiny.yaml");
    expect(config.training).toMatchObject({ lr: 0.001, steps: 20, batchSize: 8 });
    expect(config.model.family === "gpt" && config.model.positions).toBe("rotary");
    expect(config.tags).toEqual(["a", "b"]);
  });

  it("rejects unknown keys from the file (with its line) and from --set", () => {
    const root = repoWith("schemaVersion: 1\ndataset: { name: demo }\ntraining:\n  lrate: 0.001\n");
    expect(() => loadRunConfig(root, "tiny.yaml")).toThrow(/tiny\.yaml:4: training\.lrate/);
    const ok = repoWith("schemaVersion: 1\ndataset: { name: demo }\n");
    expect(() => loadRunConfig(ok, "tiny.yaml", ["training.lrr=1"])).toThrow(/--set: training\.lrr/);
    expect(() => loadRunConfig(ok, "tiny.yaml", ["training.lr"])).toThrow(/key=value/);
    expect(() => loadRunConfig(ok, "tiny.yaml", ["training.steps=many"])).toThrow(/training\.steps/);
  });

  it("every ModelConfig and TrainingConfig key is read by model/ or train/ code", () => {
    const src = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
    const sources = [path.join(src, "train"), path.join(src, "model")]
      .flatMap((dir) =>
        readdirSync(dir, { recursive: true, encoding: "utf8" })
          .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
          .map((f) => path.join(dir, f)),
      )
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const keys = [
      ...Object.keys(GptModelConfig.shape),
      ...Object.keys(Gemma3ModelConfig.shape),
      ...Object.keys(TrainingConfig.unwrap().shape),
      ...Object.keys(LoraConfig.shape),
    ].filter((k) => k !== "family");
    expect(keys.length).toBeGreaterThan(25);
    const unread = keys.filter((k) => !new RegExp(`\\.${k}\\b`).test(sources));
    expect(unread).toEqual([]);
  });
});
