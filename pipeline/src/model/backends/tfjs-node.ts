// Loader of the native TensorFlow backends, both optional dependencies that npm drops when their
// install step cannot download libtensorflow:
//   @tensorflow/tfjs-node-gpu  libtensorflow 2.9.1 built for CUDA 11.2 / cuDNN 8  → device "gpu"
//   @tensorflow/tfjs-node      libtensorflow 2.9.1 for the CPU                   → device "cpu"
// Both are imported dynamically, after
// - a polyfill of `util.isNullOrUndefined` / `util.isArray`, which their JS calls and Node 23
//   removed (tfjs#8609: fixed upstream, never released);
// - TF_FORCE_GPU_ALLOW_GROWTH=true (TF otherwise takes nearly all GPU memory at start) and a 4 GiB
//   CUDA_CACHE_MAXSIZE: TF 2.9 has no machine code for Hopper (sm_90) and JIT-compiles its PTX at
//   first use, which takes minutes to hours; the cache (~/.nv/ComputeCache) keeps the result.
// The GPU package that finds no GPU (a CUDA or cuDNN library missing: TF only logs "Cannot dlopen
// some GPU libraries") silently computes on the CPU; the binding's `isUsingGpuDevice()` tells, and
// the load is refused then.
//
//   const info = await loadTfjsNode("@tensorflow/tfjs-node-gpu");            // TunixError E_BACKEND if not
//   const info = await loadTfjsNode(pkg, { modulesFrom: dir });              // resolve the package from dir
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../../errors.ts";
import type { BackendInfo } from "./types.ts";

export const TFJS_NODE_GPU = "@tensorflow/tfjs-node-gpu";
export const TFJS_NODE = "@tensorflow/tfjs-node";
type NativePackage = typeof TFJS_NODE_GPU | typeof TFJS_NODE;

export const FIX_NATIVE: Readonly<Record<NativePackage, string>> = Object.freeze({
  [TFJS_NODE_GPU]:
    "provision the runner (bash .github/runner/provision-gpu-runner.sh --backend tfjs-node-gpu; content/guides/self-hosted-runner.md), then `npm rebuild @tensorflow/tfjs-node-gpu` with TFJS_NODE_BASE_URI pointing at a libtensorflow mirror",
  [TFJS_NODE]:
    "`npm install @tensorflow/tfjs-node` where its install can download libtensorflow (or set TFJS_NODE_BASE_URI to a mirror); or use --device wasm",
});

export interface NativeOptions {
  /** Resolve the package as a module in this directory would (default: this project). */
  modulesFrom?: string;
}

/** The outcome of importing a package, kept: a CommonJS package runs its registration only once. */
const loaded = new Map<string, { version: string; gpu: boolean; backend: tf.KernelBackend } | Error>();

/** Restore the two `util` functions tfjs-node calls (removed in Node 23). */
export function polyfillNodeUtil(): void {
  const util = createRequire(import.meta.url)("node:util") as Record<string, unknown>;
  util.isNullOrUndefined ??= (x: unknown) => x === null || x === undefined;
  util.isArray ??= Array.isArray;
}

/** Environment TF reads when it starts; a value the user set wins. */
export function setNativeEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.TF_FORCE_GPU_ALLOW_GROWTH ??= "true";
  env.CUDA_CACHE_MAXSIZE ??= String(4 * 1024 ** 3);
}

function resolvePackage(pkg: NativePackage, o: NativeOptions): string {
  const base = o.modulesFrom ? path.join(o.modulesFrom, "index.js") : import.meta.url;
  try {
    return createRequire(base).resolve(pkg);
  } catch {
    throw new TunixError("E_BACKEND", {
      message: `${pkg} is not installed (npm drops it when its install cannot download libtensorflow)`,
      hint: FIX_NATIVE[pkg],
    });
  }
}

async function importPackage(pkg: NativePackage, o: NativeOptions) {
  const file = resolvePackage(pkg, o);
  const prior = loaded.get(file);
  if (prior) {
    if (prior instanceof Error) throw prior;
    return prior;
  }
  polyfillNodeUtil();
  setNativeEnvironment();
  // A backend left by another native package (one that found no GPU) would shadow this one.
  if (tf.findBackendFactory("tensorflow")) tf.removeBackend("tensorflow");
  let mod: { version?: Record<string, string> };
  try {
    mod = (await import(pathToFileURL(file).href)) as typeof mod;
  } catch (e) {
    const msg = String((e as Error)?.message ?? e).split("\n")[0];
    const err = new TunixError("E_BACKEND", {
      message: `${pkg} cannot load: ${msg}`,
      hint: /lib(cuda|cudart|cublas|cudnn|cufft|curand|cusolver|cusparse)/.test(msg)
        ? `a CUDA 11 / cuDNN 8 library is missing: ${FIX_NATIVE[pkg]}`
        : FIX_NATIVE[pkg],
    });
    loaded.set(file, err);
    throw err;
  }
  const backend = tf.findBackend("tensorflow") as (tf.KernelBackend & { isUsingGpuDevice?: boolean }) | null;
  if (!backend) {
    const err = new TunixError("E_BACKEND", {
      message: `${pkg} loaded but registered no "tensorflow" backend with this project's @tensorflow/tfjs (two copies installed?)`,
      hint: "npm ls @tensorflow/tfjs should list one version",
    });
    loaded.set(file, err);
    throw err;
  }
  const entry = {
    version: mod.version?.["tfjs-node"] ?? tf.version.tfjs,
    gpu: backend.isUsingGpuDevice === true,
    backend,
  };
  loaded.set(file, entry);
  return entry;
}

/** Import the package and start its `tensorflow` backend; the GPU package must find a GPU. */
export async function loadTfjsNode(pkg: NativePackage, o: NativeOptions = {}): Promise<BackendInfo> {
  const entry = await importPackage(pkg, o);
  if (pkg === TFJS_NODE_GPU && !entry.gpu) {
    if (tf.findBackend("tensorflow") === entry.backend) tf.removeBackend("tensorflow");
    throw new TunixError("E_BACKEND", {
      message: `${pkg} loaded but TensorFlow found no usable GPU and would run on the CPU (its log says "Cannot dlopen some GPU libraries": a CUDA 11 or cuDNN 8 library, or the NVIDIA driver, is missing)`,
      hint: `run \`tunix-rt doctor\` for the missing libraries; ${FIX_NATIVE[pkg]}`,
    });
  }
  if (!tf.findBackend("tensorflow")) tf.registerBackend("tensorflow", () => entry.backend, 3);
  if (!(await tf.setBackend("tensorflow")))
    throw new TunixError("E_BACKEND", {
      message: `${pkg}: the tensorflow backend failed to start`,
      hint: FIX_NATIVE[pkg],
    });
  await tf.ready();
  return { name: "tensorflow", version: entry.version, device: entry.gpu ? "gpu" : "cpu" };
}
