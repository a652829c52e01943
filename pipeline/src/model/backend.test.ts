// Backend selection: explicit native backends fail with a clear error when their package is absent,
// `auto` falls through to wasm, and the kernel overrides are in place afterwards.
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { initBackend } from "./backend.ts";

const installed = (name: string) => {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
};

describe("initBackend", () => {
  it.skipIf(installed("@tensorflow/tfjs-node-gpu"))(
    "rejects an explicit gpu request without tfjs-node-gpu",
    async () => {
      const err = await initBackend("gpu").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TunixError);
      expect((err as TunixError).code).toBe("E_BACKEND");
      expect((err as TunixError).message).toMatch(/tfjs-node-gpu.*--device wasm/);
    },
  );

  it.skipIf(installed("@tensorflow/tfjs-node"))(
    "auto falls through to wasm with the overrides installed",
    async () => {
      const info = await initBackend("auto");
      expect(info.name).toBe("wasm");
      expect(tf.getBackend()).toBe("wasm");
      expect(tf.getKernel("UnsortedSegmentSum", "wasm")).toBeDefined();
      expect(["cpu", "cpu+blas"]).toContain(info.device);
    },
  );
});
