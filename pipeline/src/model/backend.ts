// Tensor backend selection. `initBackend(device)` picks the best available backend, installs the
// kernel overrides it needs (kernels/) and reports what ran, for run.json:
//   gpu        @tensorflow/tfjs-node-gpu (CUDA)       optional dependency, loaded dynamically
//   cpu-native @tensorflow/tfjs-node (libtensorflow)   optional dependency, loaded dynamically
//   wasm       @tensorflow/tfjs-backend-wasm (XNNPACK) the default on machines without the above
//   cpu        plain JS; slow, the reference for kernel tests
// `auto` tries them in that order; an explicitly requested backend that cannot load is an error.
//
//   const b = await initBackend("auto");   // { name: "wasm", version: "4.22.0", device: "cpu" }
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../errors.ts";
import { installKernelOverrides, wasmMatMulMode } from "./kernels/index.ts";

export type Device = "auto" | "gpu" | "cpu-native" | "wasm" | "cpu";

export interface BackendInfo {
  /** tfjs backend name: `tensorflow`, `wasm` or `cpu`. */
  name: string;
  /** Version of the package that provides it. */
  version: string;
  /** What runs the math: `gpu` or `cpu`. */
  device: string;
}

interface Candidate {
  device: Exclude<Device, "auto">;
  load(): Promise<BackendInfo>;
}

/** Import a package that may be absent; `undefined` when it cannot load. Kept dynamic on purpose. */
async function tryImport(name: string): Promise<{ version?: Record<string, string> } | undefined> {
  try {
    return (await import(name)) as { version?: Record<string, string> };
  } catch {
    return undefined;
  }
}

async function loadNative(pkg: string, device: string): Promise<BackendInfo> {
  const mod = await tryImport(pkg);
  if (!mod) {
    throw new TunixError("E_BACKEND", {
      message: `${pkg} is not installed or cannot load`,
      hint: "install it (optional dependency; needs libtensorflow) or use --device wasm",
    });
  }
  await tf.setBackend("tensorflow");
  await tf.ready();
  return { name: "tensorflow", version: mod.version?.["tfjs-node"] ?? tf.version.tfjs, device };
}

const CANDIDATES: readonly Candidate[] = Object.freeze([
  { device: "gpu", load: () => loadNative("@tensorflow/tfjs-node-gpu", "gpu") },
  { device: "cpu-native", load: () => loadNative("@tensorflow/tfjs-node", "cpu") },
  {
    device: "wasm",
    async load() {
      await import("@tensorflow/tfjs-backend-wasm");
      if (!(await tf.setBackend("wasm")))
        throw new TunixError("E_BACKEND", "the wasm backend failed to start");
      await tf.ready();
      installKernelOverrides("wasm");
      // `cpu+blas`: matrix products run in the optional native OpenBLAS addon (native/).
      return {
        name: "wasm",
        version: tf.version.tfjs,
        device: wasmMatMulMode() === "native" ? "cpu+blas" : "cpu",
      };
    },
  },
  {
    device: "cpu",
    async load() {
      await tf.setBackend("cpu");
      await tf.ready();
      installKernelOverrides("cpu");
      return { name: "cpu", version: tf.version.tfjs, device: "cpu" };
    },
  },
]);

let current: { device: Device; info: BackendInfo } | undefined;

/** Select and start a backend; calling again with the same device is free. */
export async function initBackend(device: Device = "auto"): Promise<BackendInfo> {
  // PROD silences tfjs's console banners ("looks like you are running TensorFlow.js in Node.js").
  tf.env().set("PROD", true);
  if (current && (current.device === device || (device === "auto" && current.device === "auto"))) {
    if (tf.getBackend() === current.info.name) return current.info;
  }
  if (device !== "auto") {
    const c = CANDIDATES.find((x) => x.device === device);
    if (!c)
      throw new TunixError("E_USAGE", {
        field: "device",
        expected: "auto|gpu|cpu-native|wasm|cpu",
        found: device,
      });
    const info = await c.load();
    current = { device, info };
    return info;
  }
  const failures: string[] = [];
  for (const c of CANDIDATES) {
    try {
      const info = await c.load();
      current = { device, info };
      return info;
    } catch (err) {
      failures.push(`${c.device}: ${(err as Error).message}`);
    }
  }
  throw new TunixError("E_BACKEND", { message: `no tensor backend could start (${failures.join("; ")})` });
}
