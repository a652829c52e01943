// The smoke run config (configs/runs/tiny.yaml) end to end on WebGPU: train → infer → judge →
// summarize with `--device webgpu`, in a copy of the repository's traces, datasets and configs.
// Its final training loss must equal the wasm backend's run of the same config (fp32 on both;
// 1e-4 relative), and run.json must record the adapter. On lavapipe this takes about a minute,
// so it runs only with TUNIX_WEBGPU_TESTS=1 (`.ci/run`'s time-limited WebGPU step).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const bin = path.join(repo, "pipeline/bin/tunix-rt.js");

function run(root: string, device: string) {
  const r = spawnSync(
    process.execPath,
    [bin, "run", "configs/runs/tiny.yaml", "--device", device, "--run-id", `smoke-${device}`, "--json"],
    { cwd: root, encoding: "utf8", env: { ...process.env, TUNIX_RT_ROOT: root } },
  );
  expect(r.status, r.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(path.join(root, `runs/smoke-${device}/run.json`), "utf8"));
  const metrics = readFileSync(path.join(root, `runs/smoke-${device}/metrics.jsonl`), "utf8")
    .trim()
    .split("\n");
  const lastLoss = metrics
    .map((l) => JSON.parse(l) as { loss?: number })
    .filter((m) => typeof m.loss === "number")
    .pop()?.loss;
  return { manifest, lastLoss: lastLoss as number, result: JSON.parse(r.stdout) };
}

describe.skipIf(process.env.TUNIX_WEBGPU_TESTS !== "1")(
  "smoke config on webgpu (TUNIX_WEBGPU_TESTS=1)",
  () => {
    it("trains, infers and judges, with the wasm run's training loss", { timeout: 600_000 }, () => {
      const root = mkdtempSync(path.join(os.tmpdir(), "tunix-smoke-"));
      for (const d of ["traces", "datasets", "configs"])
        cpSync(path.join(repo, d), path.join(root, d), { recursive: true });
      const web = run(root, "webgpu");
      expect(web.manifest.backend.name).toBe("webgpu");
      expect(web.manifest.backend.adapter).toBeTruthy();
      for (const stage of ["train", "infer", "judge", "summarize"])
        expect(web.manifest.stages[stage].status).toBe("completed");
      expect(web.result.summary).toBeTruthy();
      const wasm = run(root, "wasm");
      expect(Number.isFinite(web.lastLoss)).toBe(true);
      expect(Math.abs(web.lastLoss - wasm.lastLoss) / wasm.lastLoss).toBeLessThan(1e-4);
    });
  },
);
