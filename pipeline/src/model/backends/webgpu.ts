// WebGPU backend loader: Dawn's `webgpu` package (an optional dependency: a prebuilt dawn.node that
// drives Vulkan, Metal or D3D) gives Node a WebGPU implementation, and
// @tensorflow/tfjs-backend-webgpu runs tfjs on it. Any GPU with a Vulkan driver works, and Mesa's
// lavapipe (a software adapter) runs the same code on a CPU for tests.
//
//   const probe = await probeWebGpu();   // { adapter, limits } or { reason, fix }: no tfjs involved (doctor)
//   const info = await loadWebGpu();     // tfjs backend "webgpu" started; TunixError E_BACKEND if it cannot
//
// What differs from the stock registration of the package:
// - the device gets every limit the adapter offers (the package asks for six; the default of 8
//   storage buffers per shader stage and 128 MiB per binding break training);
// - validation errors and a lost device, which WebGPU only logs and which leave garbage in the
//   results, make every later host read (`await t.data()`) throw;
// - a synchronous read (`dataSync`), which Node cannot do on WebGPU, says so instead of failing
//   with "OffscreenCanvas is not defined".
import * as tf from "@tensorflow/tfjs";
import type { create as createGpu } from "webgpu";
import { TunixError } from "../../errors.ts";
import type { BackendInfo } from "./types.ts";

/** What `probeWebGpu` found: the adapter, or why there is none. */
export type WebGpuProbe =
  | { ok: true; adapter: AdapterSummary; limits: Record<string, number>; features: string[] }
  | { ok: false; reason: string; fix: string };

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  /** Driver description (e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)"). */
  description: string;
  /** A software adapter (lavapipe, SwiftShader): WebGPU code runs on the CPU. */
  software: boolean;
}

const FIX_PACKAGE = "npm install (the `webgpu` package is an optional dependency with a prebuilt Dawn)";
export const FIX_DRIVER =
  "install libvulkan1 and a Vulkan driver: the NVIDIA driver's Vulkan ICD (nvidia_icd.json; containers need the `graphics` driver capability), or on CPUs Mesa >= 25's lavapipe (mesa-vulkan-drivers from bookworm-backports); see content/guides/self-hosted-runner.md";

let gpu: GPU | undefined;

/** The WebGPU entry point of Dawn, created once and published as `navigator.gpu` (tfjs looks there). */
async function dawnGpu(): Promise<GPU> {
  if (gpu) return gpu;
  let mod: { create: typeof createGpu; globals: Record<string, unknown> };
  try {
    mod = (await import("webgpu")) as typeof mod;
  } catch (e) {
    throw new TunixError("E_BACKEND", {
      message: `the \`webgpu\` package (Dawn for Node) cannot load: ${firstLine(e)}`,
      hint: FIX_PACKAGE,
    });
  }
  // GPUBufferUsage, GPUMapMode, … are globals in a browser; tfjs uses them as such.
  for (const [k, v] of Object.entries(mod.globals))
    if (!(k in globalThis)) Object.assign(globalThis, { [k]: v });
  gpu = mod.create([]);
  // Node 24's `navigator` has a getter only: define the property instead of assigning it.
  Object.defineProperty(globalThis.navigator, "gpu", { value: gpu, configurable: true });
  return gpu;
}

function summarize(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software:
      Boolean(info.isFallbackAdapter) ||
      info.architecture === "software" ||
      /llvmpipe|lavapipe|swiftshader/i.test(text),
  };
}

/** Every numeric limit of the adapter (the device then gets the most the hardware allows). */
function limitsOf(adapter: GPUAdapter): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k in adapter.limits) {
    const v = (adapter.limits as unknown as Record<string, unknown>)[k];
    if (typeof v === "number") out[k] = v;
  }
  return out;
}

async function requestAdapter(): Promise<GPUAdapter> {
  const g = await dawnGpu();
  const adapter = await g.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) {
    throw new TunixError("E_BACKEND", {
      message: "no WebGPU adapter: the Vulkan loader found no usable driver",
      hint: FIX_DRIVER,
    });
  }
  return adapter;
}

/** Look for an adapter and read its limits; never throws. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  try {
    const adapter = await requestAdapter();
    return {
      ok: true,
      adapter: summarize(adapter),
      limits: limitsOf(adapter),
      features: [...adapter.features],
    };
  } catch (e) {
    const p = e instanceof TunixError ? e.problems[0] : { message: firstLine(e), hint: FIX_DRIVER };
    return { ok: false, reason: p.message ?? String(e), fix: p.hint ?? FIX_DRIVER };
  }
}

/** The first WebGPU error of the device (sticky: results after it are not to be trusted). */
let deviceError: string | undefined;
let device: GPUDevice | undefined;

function failIfBroken(): void {
  if (!deviceError) return;
  const tooBig = /binding size|max buffer size|maxStorageBufferBindingSize|maxBufferSize/i.test(deviceError);
  throw new TunixError("E_BACKEND", {
    message: `WebGPU reported an error, so the results are invalid: ${deviceError.split("\n")[0]}`,
    hint: tooBig
      ? `a tensor is larger than this adapter allows (maxStorageBufferBindingSize ${device?.limits.maxStorageBufferBindingSize} bytes, maxBufferSize ${device?.limits.maxBufferSize}); split it, or use a smaller batch or sequence`
      : "run `tunix-rt doctor`; use --device wasm to train on the CPU",
  });
}

/** Start tfjs's `webgpu` backend on the best adapter. `allowSoftware: false` refuses lavapipe. */
export async function loadWebGpu(o: { allowSoftware: boolean }): Promise<BackendInfo> {
  const adapter = await requestAdapter();
  const summary = summarize(adapter);
  if (summary.software && !o.allowSoftware) {
    throw new TunixError("E_BACKEND", {
      message: `only a software adapter (${summary.description || summary.device}) runs WebGPU here, on the CPU`,
      hint: `${FIX_DRIVER}; or ask for it explicitly with --device webgpu`,
    });
  }
  const { WebGPUBackend } = (await import("@tensorflow/tfjs-backend-webgpu")) as unknown as {
    WebGPUBackend: new (d: GPUDevice, info: GPUAdapterInfo) => tf.KernelBackend;
  };
  if (!device) {
    const requiredFeatures = adapter.features.has("timestamp-query")
      ? (["timestamp-query"] as GPUFeatureName[])
      : [];
    device = await adapter.requestDevice({ requiredLimits: limitsOf(adapter), requiredFeatures });
    device.addEventListener("uncapturederror", (e) => {
      deviceError ??= (e as GPUUncapturedErrorEvent).error.message;
    });
    void device.lost.then((lost) => {
      deviceError ??= `the GPU device was lost (${lost.reason}): ${lost.message}`;
    });
    const d = device;
    // The package registered a factory of its own at import; this one uses the device above.
    if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
    tf.registerBackend("webgpu", () => checkedBackend(WebGPUBackend, d, adapter.info), 3);
  }
  if (!(await tf.setBackend("webgpu")))
    throw new TunixError("E_BACKEND", { message: "the webgpu backend failed to start", hint: FIX_DRIVER });
  await tf.ready();
  return {
    name: "webgpu",
    version: tf.version.tfjs,
    device: summary.software ? "cpu" : "gpu",
    adapter: [summary.vendor, summary.architecture, summary.device].filter(Boolean).join(" "),
    driver: summary.description,
  };
}

interface Backend {
  read(dataId: object): Promise<unknown>;
  readSync(dataId: object): unknown;
}

/** The package's backend with reads that fail loudly (see the header). */
function checkedBackend(
  Base: new (d: GPUDevice, info: GPUAdapterInfo) => tf.KernelBackend,
  d: GPUDevice,
  info: GPUAdapterInfo,
): tf.KernelBackend {
  const B = Base as unknown as new (d: GPUDevice, info: GPUAdapterInfo) => Backend;
  class Checked extends B {
    override async read(dataId: object): Promise<unknown> {
      failIfBroken();
      const values = await super.read(dataId);
      failIfBroken();
      return values;
    }
    override readSync(dataId: object): unknown {
      failIfBroken();
      try {
        return super.readSync(dataId);
      } catch (e) {
        if (!/OffscreenCanvas|document is not defined/.test(String(e))) throw e;
        throw new TunixError("E_BACKEND", {
          message: "a synchronous read (dataSync/arraySync) of a WebGPU tensor: Node cannot do it",
          hint: "read it with `await t.data()`",
        });
      }
    }
  }
  return new Checked(d, info) as unknown as tf.KernelBackend;
}

/** The limits the running device got (undefined before `loadWebGpu`). */
export function webGpuDeviceLimits():
  | { maxStorageBufferBindingSize: number; maxBufferSize: number }
  | undefined {
  return device
    ? {
        maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
        maxBufferSize: device.limits.maxBufferSize,
      }
    : undefined;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0];
}
