// The WebGPU backend on a real adapter (Mesa's lavapipe in CI: shader compiles on llvmpipe are slow,
// so these stay tiny). They run when TUNIX_WEBGPU_TESTS=1 (`.ci/run` sets it, with a time limit)
// and then fail rather than skip when no adapter is found.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { TunixError } from "../../errors.ts";
import { initBackend } from "../backend.ts";
import { probeWebGpu, webGpuDeviceLimits } from "./webgpu.ts";

const enabled = process.env.TUNIX_WEBGPU_TESTS === "1";

describe.skipIf(!enabled)("webgpu backend (TUNIX_WEBGPU_TESTS=1)", () => {
  it("finds an adapter and starts tfjs on it with the adapter's own limits", async () => {
    const probe = await probeWebGpu();
    if (!probe.ok) throw new Error(`no WebGPU adapter: ${probe.reason}`);
    const info = await initBackend("webgpu");
    expect(info.name).toBe("webgpu");
    expect(info.device).toBe(probe.adapter.software ? "cpu" : "gpu");
    expect(info.adapter).toContain(probe.adapter.device);
    expect(info.driver).toBe(probe.adapter.description);
    expect(webGpuDeviceLimits()?.maxStorageBufferBindingSize).toBe(probe.limits.maxStorageBufferBindingSize);
    expect(tf.getBackend()).toBe("webgpu");
  });

  it("adds more tensors than one shader may bind (chunked AddN)", async () => {
    await initBackend("webgpu");
    const xs = Array.from({ length: 45 }, (_, i) => tf.fill([3, 5], i + 0.5));
    const sum = await tf.addN(xs).data();
    expect([...sum]).toEqual(new Array(15).fill((44 * 45) / 2 + 45 * 0.5));
  });

  it("says how to read when a synchronous read is attempted", async () => {
    await initBackend("webgpu");
    const t = tf.add(tf.ones([4096]), 1);
    expect(() => t.dataSync()).toThrow(/synchronous read.*await t\.data\(\)/);
    expect([...(await t.data())]).toEqual(new Array(4096).fill(2));
  });

  // Last: a WebGPU error poisons the device for the rest of the process, on purpose.
  it("turns a validation error into a failed read instead of silent zeros", async () => {
    await initBackend("webgpu");
    const limit = webGpuDeviceLimits()?.maxStorageBufferBindingSize ?? 0;
    const elements = Math.floor(limit / 4) + 1024;
    if (elements * 4 > 2 ** 31) return; // a real GPU binds more than this test should allocate
    const big = tf.add(tf.zeros([elements]), 1);
    const err = (await tf
      .sum(big)
      .data()
      .catch((e: unknown) => e)) as TunixError;
    expect(err).toBeInstanceOf(TunixError);
    expect(err.message).toMatch(/WebGPU reported an error.*larger than this adapter allows/);
  });
});
