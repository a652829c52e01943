// Run ids of committed runs must not move: `configs/runs/demo.yaml` resolves to the id of the
// committed demo run, whatever defaults were added or changed since (the judges default moved from
// step-arithmetic@1 to @2 after that run was made: see JUDGES_HASHED_AS in manifest.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RunConfig } from "../schemas/config.ts";
import { loadRunConfig } from "./config-load.ts";
import { lockHashOf, readRunManifest, runIdFor } from "./manifest.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("run ids", () => {
  it("configs/runs/demo.yaml still resolves to the committed run demo-b0541e87", () => {
    const loaded = loadRunConfig(REPO, "configs/runs/demo.yaml");
    const lock = lockHashOf(REPO, "demo");
    expect(readRunManifest(path.join(REPO, "runs/demo-b0541e87")).dataset?.lockHash).toBe(lock);
    expect(runIdFor(loaded.name, loaded.config, lock)).toBe("demo-b0541e87");
  });

  it("the committed run's own config (judges written out as they were) gives the same id", () => {
    const m = readRunManifest(path.join(REPO, "runs/demo-b0541e87"));
    expect(m.config.judges).toEqual(["answer-correctness@1", "format@1", "step-arithmetic@1"]);
    expect(runIdFor("demo", m.config, lockHashOf(REPO, "demo"))).toBe("demo-b0541e87");
  });

  it("other judge lists still give other ids", () => {
    const base = RunConfig.parse({ schemaVersion: 1, dataset: { name: "demo" } });
    const id = (judges: string[]) => runIdFor("x", { ...base, judges }, "");
    expect(id(["answer-correctness@1"])).not.toBe(id(["answer-correctness@1", "format@1"]));
    expect(id(["answer-correctness@1", "step-arithmetic@2"])).not.toBe(
      id(["answer-correctness@1", "step-arithmetic@1"]),
    );
  });
});
