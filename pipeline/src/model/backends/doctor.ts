// `tunix-rt doctor`: what this machine can train on, and the command that fixes each missing piece.
// Starts every backend in turn (in `auto`'s order), reads the WebGPU adapter and its limits, and
// looks for the system pieces the backends load at run time: the Vulkan loader and drivers, the
// NVIDIA driver, the CUDA 11 / cuDNN 8 libraries tfjs-node-gpu needs, OpenBLAS, memory.
//
//   const report = await diagnose();          // DoctorReport (JSON-friendly)
//   formatDoctor(report).forEach(print);       // the human view
//   report.gpuBackend                          // "tfjs-node-gpu" | "webgpu" | undefined
import * as tf from "@tensorflow/tfjs";
import { TunixError } from "../../errors.ts";
import {
  cudaCache,
  findSharedLibrary,
  hostMemory,
  listNvidiaGpus,
  listVulkanDrivers,
  type NvidiaGpu,
  type VulkanDriver,
} from "../../io/host-probe.ts";
import { type Device, initBackend } from "../backend.ts";
import { loadNativeBlas } from "../native/native-blas.ts";
import { loadTfjsNode, TFJS_NODE_GPU } from "./tfjs-node.ts";
import { type AdapterSummary, FIX_DRIVER, probeWebGpu } from "./webgpu.ts";

export interface BackendCheck {
  backend: "tfjs-node-gpu" | "webgpu" | "tfjs-node" | "wasm" | "cpu";
  available: boolean;
  /** What runs the math when available: gpu, cpu, cpu+blas. */
  device?: string;
  detail: string;
  fix?: string;
}

export interface LibraryCheck {
  name: string;
  /** Which backend loads it. */
  for: string;
  path?: string;
  fix?: string;
}

export interface DoctorReport {
  node: { version: string; ok: boolean; fix?: string };
  backends: BackendCheck[];
  /** The backend `auto` picks, and the GPU backend `gpu` picks (none: no GPU backend). */
  auto?: string;
  gpuBackend?: string;
  webgpu: {
    adapter?: AdapterSummary;
    limits?: Record<string, number>;
    reason?: string;
    fix?: string;
  };
  vulkanDrivers: VulkanDriver[];
  nvidiaGpus: NvidiaGpu[];
  libraries: LibraryCheck[];
  cudaCache: { path: string; maxBytes?: number; bytes: number };
  memory: { totalBytes: number; availableBytes: number };
}

const LIMITS_SHOWN = [
  "maxBufferSize",
  "maxStorageBufferBindingSize",
  "maxStorageBuffersPerShaderStage",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
];

const CUDA_FIX =
  "Debian 12 non-free: sudo apt-get install -y libcudart11.0 libcublas11 libcublaslt11 libcufft10 libcurand10 libcusolver11 libcusparse11 (or bash .github/runner/provision-gpu-runner.sh --backend tfjs-node-gpu)";
const LIBRARIES: readonly Omit<LibraryCheck, "path">[] = Object.freeze([
  { name: "libvulkan.so.1", for: "webgpu", fix: "sudo apt-get install -y libvulkan1" },
  {
    name: "libcuda.so.1",
    for: "tfjs-node-gpu",
    fix: "install the NVIDIA driver (nvidia-driver, or the host's driver in a container)",
  },
  ...[
    "libcudart.so.11.0",
    "libcublas.so.11",
    "libcublasLt.so.11",
    "libcufft.so.10",
    "libcurand.so.10",
    "libcusolver.so.11",
    "libcusparse.so.11",
  ].map((name) => ({ name, for: "tfjs-node-gpu", fix: CUDA_FIX })),
  {
    name: "libcudnn.so.8",
    for: "tfjs-node-gpu",
    fix: "unpack a cuDNN 8.x for CUDA 11 tarball: bash .github/runner/provision-gpu-runner.sh --backend tfjs-node-gpu --cudnn-tar <file>",
  },
  {
    name: "libopenblas.so.0",
    for: "wasm (native matmul)",
    fix: "sudo apt-get install -y libopenblas0-openmp && node pipeline/src/model/native/build.ts",
  },
]);

const ORDER: readonly [BackendCheck["backend"], Device][] = [
  ["tfjs-node-gpu", "gpu"], // loaded directly: `gpu` would also try webgpu
  ["webgpu", "webgpu"],
  ["tfjs-node", "cpu-native"],
  ["wasm", "wasm"],
  ["cpu", "cpu"],
];

async function checkBackend(backend: BackendCheck["backend"], device: Device): Promise<BackendCheck> {
  try {
    const info =
      backend === "tfjs-node-gpu"
        ? await loadTfjsNode(TFJS_NODE_GPU)
        : await initBackend(device, { log: () => {}, requireGpu: false });
    // Prove it computes: a small product against the exact answer.
    const got = await tf.tidy(() => tf.matMul(tf.fill([64, 64], 0.5), tf.fill([64, 64], 0.25)).sum()).data();
    if (got[0] !== 64 * 64 * 64 * 0.125)
      throw new Error(`a test product came out ${got[0]}, not ${64 ** 3 * 0.125}`);
    const where = [info.adapter, info.driver].filter(Boolean).join(", ");
    return {
      backend,
      available: true,
      device: info.device,
      detail: `${info.name} ${info.version}${where ? ` on ${where}` : ""}`,
    };
  } catch (e) {
    const p = e instanceof TunixError ? e.problems[0] : { message: String((e as Error).message ?? e) };
    return { backend, available: false, detail: p.message ?? "failed", fix: p.hint };
  }
}

export async function diagnose(): Promise<DoctorReport> {
  const [major, minor] = process.versions.node.split(".").map(Number);
  const nodeOk = major > 22 || (major === 22 && minor >= 18);
  const probe = await probeWebGpu();
  const backends: BackendCheck[] = [];
  for (const [backend, device] of ORDER) backends.push(await checkBackend(backend, device));
  const web = backends.find((b) => b.backend === "webgpu");
  if (web?.available && web.device !== "gpu") {
    web.detail += " — a software adapter, not a GPU";
    web.fix = `for a GPU: ${FIX_DRIVER}`;
  }
  const blas = loadNativeBlas();
  const wasm = backends.find((b) => b.backend === "wasm");
  if (wasm?.available && blas) wasm.detail += ` (matmul: native ${blas.library})`;
  if (wasm?.available && !blas)
    wasm.fix =
      "native matmul off: sudo apt-get install -y libopenblas0-openmp && node pipeline/src/model/native/build.ts";
  const drivers = listVulkanDrivers();
  const lavapipe = drivers.some((d) => /lvp/.test(d.library ?? d.manifest));
  const webgpu: DoctorReport["webgpu"] = probe.ok
    ? { adapter: probe.adapter, limits: Object.fromEntries(LIMITS_SHOWN.map((k) => [k, probe.limits[k]])) }
    : {
        reason: probe.reason,
        fix: lavapipe
          ? `lavapipe is installed but gives no adapter (Debian 12's Mesa 22 is too old): sudo apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1 (after adding the backports suite; see .github/runner/provision-gpu-runner.sh); for a GPU: ${FIX_DRIVER}`
          : probe.fix,
      };
  const gpu = backends.find((b) => b.available && b.device === "gpu");
  const auto = backends.find((b) => b.available && (b.device !== "cpu" || b.backend !== "webgpu"));
  return {
    node: {
      version: process.versions.node,
      ok: nodeOk,
      fix: nodeOk
        ? undefined
        : "run through npm/npx after `npm install` (Node 24 comes from node_modules/.bin)",
    },
    backends,
    auto: auto?.backend,
    gpuBackend: gpu?.backend,
    webgpu,
    vulkanDrivers: drivers,
    nvidiaGpus: listNvidiaGpus(),
    libraries: LIBRARIES.map((l) => {
      const found = findSharedLibrary(l.name);
      return found ? { name: l.name, for: l.for, path: found } : { ...l };
    }),
    cudaCache: cudaCache(),
    memory: hostMemory(),
  };
}

const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;
const bytes = (b: number) => (b >= 1024 ** 3 ? gib(b) : `${Math.round(b / 1024 ** 2)} MiB`);

/** The human view: one line per finding, ✗ lines followed by their fix. */
export function formatDoctor(r: DoctorReport): string[] {
  const lines = [
    `node ${r.node.version} ${r.node.ok ? "✓" : `✗ (needs >= 22.18; ${r.node.fix})`}`,
    "backends (auto's order):",
  ];
  for (const b of r.backends) {
    lines.push(
      `  ${b.available ? "✓" : "✗"} ${b.backend.padEnd(14)}${(b.device ?? "").padEnd(9)}${b.detail}`,
    );
    if (b.fix) lines.push(`      fix: ${b.fix}`);
  }
  lines.push(
    `auto uses: ${r.auto ?? "nothing"}; GPU backend: ${r.gpuBackend ?? "none (--require-gpu fails here)"}`,
  );
  if (r.webgpu.adapter) {
    const a = r.webgpu.adapter;
    const l = r.webgpu.limits ?? {};
    lines.push(
      `webgpu adapter: ${a.vendor} ${a.architecture} ${a.device} (${a.description})${a.software ? " — software, runs on the CPU" : ""}`,
      `  limits: maxBufferSize ${bytes(l.maxBufferSize)}, maxStorageBufferBindingSize ${bytes(l.maxStorageBufferBindingSize)}, storage buffers per stage ${l.maxStorageBuffersPerShaderStage}, workgroup storage ${l.maxComputeWorkgroupStorageSize} B`,
    );
  } else lines.push(`webgpu adapter: none — ${r.webgpu.reason}`, `      fix: ${r.webgpu.fix}`);
  lines.push(
    `vulkan drivers: ${r.vulkanDrivers.length ? r.vulkanDrivers.map((d) => `${d.manifest} (${d.library ?? "?"})`).join(", ") : "none found"}`,
  );
  lines.push(
    `nvidia: ${r.nvidiaGpus.length ? r.nvidiaGpus.map((g) => `${g.name}, driver ${g.driver}, ${g.memoryMiB} MiB`).join("; ") : "no GPU listed by nvidia-smi"}`,
  );
  lines.push("libraries:");
  const fixes = new Map<string, string[]>();
  for (const l of r.libraries) {
    lines.push(`  ${l.path ? "✓" : "✗"} ${l.name.padEnd(20)}${l.for.padEnd(22)}${l.path ?? "not found"}`);
    if (!l.path && l.fix) fixes.set(l.fix, [...(fixes.get(l.fix) ?? []), l.name]);
  }
  for (const [fix, names] of fixes) lines.push(`  fix ${names.join(", ")}: ${fix}`);
  const c = r.cudaCache;
  lines.push(
    `cuda JIT cache: ${c.path} holds ${bytes(c.bytes)} (CUDA_CACHE_MAXSIZE ${c.maxBytes ? bytes(c.maxBytes) : "unset; tfjs-node-gpu runs get 4 GiB"})`,
    `memory: ${gib(r.memory.totalBytes)} total, ${gib(r.memory.availableBytes)} available`,
  );
  return lines;
}
