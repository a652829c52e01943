// The native-backend loader and the selection around it, against packages on disk that behave like
// @tensorflow/tfjs-node(-gpu) (fake-tfjs-node.ts): the Node >= 23 polyfill and TF's environment
// are in place before the import, a GPU package that found no GPU is refused with the reason,
// `auto` falls back with one line naming what was tried, and a required GPU fails instead.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { initBackend } from "../backend.ts";
import { writeFakeTfjsNode } from "./fake-tfjs-node.ts";
import { loadTfjsNode, TFJS_NODE, TFJS_NODE_GPU } from "./tfjs-node.ts";

const roots: string[] = [];
function fake(pkg: string, binding: { gpu: boolean } | undefined): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-fake-tf-"));
  roots.push(root);
  return writeFakeTfjsNode(root, pkg, binding);
}
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function sumOnBackend(): Promise<number> {
  return (await tf.sum(tf.tensor1d([1, 2, 3.5])).data())[0];
}

describe("loadTfjsNode", () => {
  it("loads a GPU package that found its GPU, with the polyfill and TF's environment set first", async () => {
    delete process.env.TF_FORCE_GPU_ALLOW_GROWTH;
    const modulesFrom = fake(TFJS_NODE_GPU, { gpu: true });
    const info = await loadTfjsNode(TFJS_NODE_GPU, { modulesFrom });
    expect(info).toMatchObject({ name: "tensorflow", version: "4.22.0-fake", device: "gpu" });
    expect(tf.getBackend()).toBe("tensorflow");
    const binding = (tf.backend() as unknown as { binding: { envAtLoad: Record<string, string> } }).binding;
    expect(binding.envAtLoad).toEqual({
      TF_FORCE_GPU_ALLOW_GROWTH: "true",
      CUDA_CACHE_MAXSIZE: String(4 * 1024 ** 3),
    });
    expect(await sumOnBackend()).toBe(6.5);
  });

  it("refuses a GPU package that fell back to the CPU, naming TF's warning", async () => {
    const modulesFrom = fake(TFJS_NODE_GPU, { gpu: false });
    const err = (await loadTfjsNode(TFJS_NODE_GPU, { modulesFrom }).catch((e: unknown) => e)) as TunixError;
    expect(err).toBeInstanceOf(TunixError);
    expect(err.code).toBe("E_BACKEND");
    expect(err.message).toMatch(/found no usable GPU.*Cannot dlopen some GPU libraries/);
    expect(err.message).toMatch(/tunix-rt doctor/);
    // The refused backend is gone: nothing computes silently on TF's CPU path.
    expect(tf.findBackend("tensorflow")).toBeNull();
  });

  it("reports a package whose native binding is missing, and one that is not installed", async () => {
    const broken = fake(TFJS_NODE, undefined);
    const e1 = (await loadTfjsNode(TFJS_NODE, { modulesFrom: broken }).catch(
      (e: unknown) => e,
    )) as TunixError;
    expect(e1.message).toMatch(/@tensorflow\/tfjs-node cannot load: .*tfjs_binding\.node\) can not be found/);
    const empty = mkdtempSync(path.join(os.tmpdir(), "tunix-no-tf-"));
    roots.push(empty);
    const e2 = (await loadTfjsNode(TFJS_NODE_GPU, { modulesFrom: empty }).catch(
      (e: unknown) => e,
    )) as TunixError;
    expect(e2.message).toMatch(/tfjs-node-gpu is not installed/);
    expect(e2.message).toMatch(/provision-gpu-runner\.sh/);
  });

  it("loads the CPU package as cpu-native", async () => {
    const modulesFrom = fake(TFJS_NODE, { gpu: false });
    const info = await initBackend("cpu-native", { modulesFrom });
    expect(info).toMatchObject({ name: "tensorflow", device: "cpu" });
    expect(await sumOnBackend()).toBe(6.5);
  });
});

describe("initBackend with native packages", () => {
  it("gpu picks tfjs-node-gpu when it finds the GPU", async () => {
    const modulesFrom = fake(TFJS_NODE_GPU, { gpu: true });
    const lines: string[] = [];
    const info = await initBackend("gpu", { modulesFrom, log: (l) => lines.push(l) });
    expect(info).toMatchObject({ name: "tensorflow", device: "gpu" });
    expect(info.fallbacks).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it("auto falls back past a CPU-only GPU package with one line that says why", async () => {
    const modulesFrom = fake(TFJS_NODE_GPU, { gpu: false });
    const lines: string[] = [];
    const info = await initBackend("auto", { modulesFrom, log: (l) => lines.push(l), requireGpu: false });
    expect(["wasm", "webgpu", "tensorflow"]).toContain(info.name);
    expect(info.device).not.toBe("gpu");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^tunix-rt: backend \S+ \(cpu(\+blas)?\); fell back from tfjs-node-gpu: .*found no usable GPU/,
    );
    expect(lines[0]).toMatch(/webgpu: /);
    expect(info.fallbacks?.[0]).toMatch(/^tfjs-node-gpu: /);
  });

  it("a required GPU fails instead of falling back", async () => {
    const modulesFrom = fake(TFJS_NODE_GPU, { gpu: false });
    const err = (await initBackend("auto", { modulesFrom, requireGpu: true }).catch(
      (e: unknown) => e,
    )) as TunixError;
    expect(err).toBeInstanceOf(TunixError);
    expect(err.message).toMatch(
      /^a GPU is required but no gpu backend could start \(tfjs-node-gpu: .*; webgpu: /,
    );
    const usage = (await initBackend("wasm", { requireGpu: true }).catch((e: unknown) => e)) as TunixError;
    expect(usage.code).toBe("E_USAGE");
    expect(usage.message).toMatch(/GPU is required.*"wasm"/);
  });
});
