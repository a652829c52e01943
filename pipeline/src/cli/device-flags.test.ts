// --device and --require-gpu on `train` and `run`, end to end in a temp repository on a machine
// without a GPU backend (the Vulkan loader is pointed at an empty driver folder): a required GPU
// fails the command before any training with the reason of each GPU backend, a required GPU with
// a CPU device is a usage error, and `--device webgpu` reaches the WebGPU loader.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/tunix-rt.js");
const noDrivers = mkdtempSync(path.join(os.tmpdir(), "tunix-no-icd-"));
let root = "";

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      TUNIX_RT_ROOT: root,
      VK_DRIVER_FILES: noDrivers,
      VK_ICD_FILENAMES: noDrivers,
      ...env,
    },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "tunix-dev-"));
  for (const d of ["traces", "datasets", "configs/runs"]) mkdirSync(path.join(root, d), { recursive: true });
  const traces = Array.from({ length: 12 }, (_, i) => ({
    schemaVersion: 1,
    id: `t-${i}`,
    source: "synthetic/test",
    prompt: `What is ${i} + 1?`,
    steps: [{ text: `${i} + 1 = ${i + 1}` }],
    answer: String(i + 1),
  }));
  writeFileSync(path.join(root, "traces/t.jsonl"), `${traces.map((t) => JSON.stringify(t)).join("\n")}\n`);
  writeFileSync(
    path.join(root, "datasets/tiny.yaml"),
    "schemaVersion: 1\nname: tiny\nsources: [traces/t.jsonl]\nsplit: { ratios: { train: 0.75, eval: 0.25 } }\n",
  );
  writeFileSync(
    path.join(root, "configs/runs/tiny.yaml"),
    "schemaVersion: 1\ndataset: { name: tiny }\nmodel: { layers: 1, dModel: 16, heads: 2, context: 64 }\ntraining: { steps: 1, batchSize: 2 }\n",
  );
  const built = cli(["dataset", "build", "tiny"]);
  expect(built.status, built.stderr).toBe(0);
});

describe("--require-gpu and --device", () => {
  it("train --require-gpu fails without a GPU backend, naming what was tried", () => {
    const r = cli(["train", "configs/runs/tiny.yaml", "--require-gpu", "--run-id", "req-1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /a GPU is required but no gpu backend could start \(tfjs-node-gpu: .*; webgpu: no WebGPU adapter/,
    );
    expect(existsSync(path.join(root, "runs/req-1/metrics.jsonl"))).toBe(false);
  });

  it("TUNIX_REQUIRE_GPU=1 does the same for run, and a CPU device with it is a usage error", () => {
    const r = cli(["run", "configs/runs/tiny.yaml"], { TUNIX_REQUIRE_GPU: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/a GPU is required/);
    const usage = cli(["run", "configs/runs/tiny.yaml", "--device", "wasm", "--require-gpu"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/GPU is required .*"wasm"/);
  });

  it("train --device webgpu goes to the WebGPU loader (no adapter here), and auto falls back with one line", () => {
    const r = cli(["train", "configs/runs/tiny.yaml", "--device", "webgpu", "--run-id", "web-1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no WebGPU adapter: the Vulkan loader found no usable driver/);
    const auto = cli(["train", "configs/runs/tiny.yaml", "--run-id", "auto-1", "--json"]);
    expect(auto.status, auto.stderr).toBe(0);
    const lines = auto.stderr.split("\n").filter((l) => l.startsWith("tunix-rt: backend "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^tunix-rt: backend wasm \(cpu(\+blas)?\); fell back from tfjs-node-gpu: .*; webgpu: no WebGPU adapter/,
    );
    expect(JSON.parse(auto.stdout).backend.name).toBe("wasm");
    expect(readdirSync(path.join(root, "runs"))).toContain("auto-1");
  });
});
