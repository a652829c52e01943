import { describe, expect, it } from "vitest";
import { RunConfig } from "./config.ts";

describe("RunConfig", () => {
  it("fills every section with its documented defaults from the minimal file", () => {
    const c = RunConfig.parse({ schemaVersion: 1, dataset: { name: "demo" } });
    expect(c.model.family).toBe("gpt");
    expect(c.training.loss).toBe("completion");
    expect(c.training.steps).toBeUndefined();
    expect(c.inference.decoding).toBe("greedy");
    expect(c.judges).toContain("answer-correctness@1");
  });

  it("rejects unknown keys at any depth", () => {
    const r = RunConfig.safeParse({ schemaVersion: 1, dataset: { name: "demo" }, training: { stepz: 3 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      code: "unrecognized_keys",
      keys: ["stepz"],
      path: ["training"],
    });
  });

  it("refuses steps and epochs together instead of letting one silently win", () => {
    const r = RunConfig.safeParse({
      schemaVersion: 1,
      dataset: { name: "demo" },
      training: { steps: 10, epochs: 2 },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ["training", "epochs"],
      message: "`steps` or `epochs`, not both",
    });
    expect(
      RunConfig.safeParse({ schemaVersion: 1, dataset: { name: "demo" }, training: { epochs: 2 } }).success,
    ).toBe(true);
  });
});
