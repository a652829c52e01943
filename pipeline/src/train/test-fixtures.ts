// Shared fixtures of the trainer tests: a tiny run config and hand-built examples (no dataset).

import { GEMMA_TEMPLATE } from "../dataset/chat-template.ts";
import type { Example } from "../dataset/examples.ts";
import { RunConfig, type RunConfigInput } from "../schemas/config.ts";

export function tinyConfig(
  training: RunConfigInput["training"] = {},
  model: Record<string, unknown> = {},
): RunConfig {
  return RunConfig.parse({
    schemaVersion: 1,
    seed: 1,
    dataset: { name: "fixture" },
    model: { layers: 2, dModel: 32, heads: 2, context: 64, ...model },
    training: { device: "wasm", batchSize: 4, lr: 3e-3, warmupSteps: 0, logEvery: 1, ...training },
  });
}

export function fixtureExamples(n: number, offset = 0): Example[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const a = (i * 7) % 10;
    const b = (i * 3 + 1) % 7;
    return {
      id: `ex-${i}`,
      prompt: GEMMA_TEMPLATE.renderPrompt(`${a}+${b}?`),
      completion: GEMMA_TEMPLATE.renderCompletion(`Answer: ${a + b}`),
      trace: { id: `ex-${i}` } as unknown as Example["trace"],
    };
  });
}
