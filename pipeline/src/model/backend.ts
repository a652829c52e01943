// Tensor backend selection. `initBackend(device)` starts the best backend the device value allows,
// installs the kernel overrides it needs (kernels/) and reports what runs, for run.json.
// Backends (each loader in backends/; the optional packages are imported dynamically):
//   tfjs-node-gpu  @tensorflow/tfjs-node-gpu (TensorFlow, CUDA)   only when TF really finds the GPU
//   webgpu         @tensorflow/tfjs-backend-webgpu on Dawn (`webgpu` package): any Vulkan GPU
//   tfjs-node      @tensorflow/tfjs-node (TensorFlow on the CPU)
//   wasm           @tensorflow/tfjs-backend-wasm (XNNPACK, optional native OpenBLAS matmul)
//   cpu            plain JS; slow, the reference for kernel and parity tests
// Device values (`training.device`, `--device`) and what they try, in order:
//   auto        tfjs-node-gpu, webgpu (a real GPU, not a software adapter), tfjs-node, wasm, cpu
//   gpu         tfjs-node-gpu, webgpu (a real GPU)            — an error when neither loads
//   webgpu      webgpu (a software adapter such as lavapipe too, unless a GPU is required)
//   cpu-native  tfjs-node;  wasm;  cpu
// `auto` prints one line when it falls back, with what was tried and why each failed. A required
// GPU (`requireGpu`, the CLI's --require-gpu, TUNIX_REQUIRE_GPU=1) turns `auto` into `gpu` and
// refuses software adapters: the run fails instead of falling back.
//
//   const b = await initBackend("auto");   // { name: "wasm", version: "4.22.0", device: "cpu", fallbacks: [...] }
//   const b = await initBackend("gpu", { requireGpu: true, log: (l) => err(l) });
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../errors.ts";
import { listNvidiaGpus } from "../io/host-probe.ts";
import { DEVICES } from "../schemas/config.ts";
import { loadTfjsNode, type NativeOptions, TFJS_NODE, TFJS_NODE_GPU } from "./backends/tfjs-node.ts";
import type { BackendInfo } from "./backends/types.ts";
import { loadWebGpu } from "./backends/webgpu.ts";
import { installKernelOverrides, wasmMatMulMode } from "./kernels/index.ts";

export type Device = (typeof DEVICES)[number];

export type { BackendInfo };

export interface InitOptions extends NativeOptions {
  /** Fail instead of running on the CPU (default: the process policy, see `setBackendPolicy`). */
  requireGpu?: boolean;
  /** Where the fall-back line goes (default: stderr). */
  log?: (line: string) => void;
}

type Candidate = "tfjs-node-gpu" | "webgpu" | "tfjs-node" | "wasm" | "cpu";

interface Loader {
  /** Only a real GPU counts (a software WebGPU adapter is refused). */
  load(o: InitOptions & { gpuOnly: boolean }): Promise<BackendInfo>;
}

const LOADERS: Readonly<Record<Candidate, Loader>> = Object.freeze({
  "tfjs-node-gpu": {
    async load(o) {
      const info = await loadTfjsNode(TFJS_NODE_GPU, o);
      const gpu = listNvidiaGpus()[0];
      return gpu ? { ...info, adapter: gpu.name, driver: `NVIDIA ${gpu.driver}` } : info;
    },
  },
  webgpu: {
    async load(o) {
      const info = await loadWebGpu({ allowSoftware: !o.gpuOnly });
      installKernelOverrides("webgpu");
      return info;
    },
  },
  "tfjs-node": { load: (o) => loadTfjsNode(TFJS_NODE, o) },
  wasm: {
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
  cpu: {
    async load() {
      await tf.setBackend("cpu");
      await tf.ready();
      installKernelOverrides("cpu");
      return { name: "cpu", version: tf.version.tfjs, device: "cpu" };
    },
  },
});

const CHAINS: Readonly<Record<Device, readonly Candidate[]>> = Object.freeze({
  auto: ["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"],
  gpu: ["tfjs-node-gpu", "webgpu"],
  webgpu: ["webgpu"],
  "cpu-native": ["tfjs-node"],
  wasm: ["wasm"],
  cpu: ["cpu"],
});

let policy: { requireGpu: boolean } | undefined;

/** Process-wide default for `requireGpu` (the CLI's --require-gpu sets it). */
export function setBackendPolicy(p: { requireGpu: boolean }): void {
  policy = p;
}

function gpuRequired(o: InitOptions): boolean {
  return o.requireGpu ?? policy?.requireGpu ?? process.env.TUNIX_REQUIRE_GPU === "1";
}

let current: { key: string; info: BackendInfo } | undefined;

/** Select and start a backend; calling again with the same arguments is free. */
export async function initBackend(device: Device = "auto", o: InitOptions = {}): Promise<BackendInfo> {
  // PROD silences tfjs's console banners ("looks like you are running TensorFlow.js in Node.js").
  tf.env().set("PROD", true);
  if (!(DEVICES as readonly string[]).includes(device))
    throw new TunixError("E_USAGE", {
      field: "device",
      expected: DEVICES.join(" | "),
      found: String(device),
    });
  const requireGpu = gpuRequired(o);
  if (requireGpu && !["auto", "gpu", "webgpu"].includes(device)) {
    throw new TunixError("E_USAGE", {
      field: "device",
      message: `a GPU is required (--require-gpu / TUNIX_REQUIRE_GPU=1) but the device is "${device}"`,
      hint: "use --device gpu, webgpu or auto, or drop --require-gpu",
    });
  }
  const key = `${device}/${requireGpu}`;
  if (current?.key === key && tf.getBackend() === current.info.name) return current.info;
  const effective: Device = requireGpu && device === "auto" ? "gpu" : device;
  const chain = CHAINS[effective];
  const gpuOnly = requireGpu || device === "auto" || device === "gpu";
  const failures: string[] = [];
  for (const name of chain) {
    try {
      const info = await LOADERS[name].load({ ...o, gpuOnly });
      if (failures.length) {
        info.fallbacks = failures;
        (o.log ?? ((l) => process.stderr.write(`${l}\n`)))(
          `tunix-rt: backend ${name} (${info.device}); fell back from ${failures.join("; ")}`,
        );
      }
      current = { key, info };
      return info;
    } catch (err) {
      if (!(err instanceof TunixError)) throw err;
      failures.push(`${name}: ${err.problems[0]?.message ?? err.message}`);
      if (chain.length === 1) throw err;
    }
  }
  throw new TunixError("E_BACKEND", {
    message: `${requireGpu ? "a GPU is required but " : ""}no ${effective === "auto" ? "tensor" : effective} backend could start (${failures.join("; ")})`,
    hint:
      effective === "auto"
        ? "run `tunix-rt doctor` to see what is missing"
        : "run `tunix-rt doctor` to see what is missing; --device wasm trains on the CPU",
  });
}
