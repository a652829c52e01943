// What the host offers for the tensor backends, read from the system (for `tunix-rt doctor` and the
// backend record of run.json): shared libraries the dynamic loader finds, Vulkan drivers (ICD
// manifests), NVIDIA GPUs via nvidia-smi, the CUDA JIT cache, memory. Every probe answers
// "not found" rather than throwing.
//
//   findSharedLibrary("libvulkan.so.1")   // "/lib/x86_64-linux-gnu/libvulkan.so.1" | undefined
//   listVulkanDrivers()                   // [{ manifest, library }]
//   listNvidiaGpus()                      // [{ name, driver, memoryMiB }] ([] without nvidia-smi)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

let ldcache: Map<string, string> | undefined;

/** The loader cache (`ldconfig -p`): library file name → path. */
function loaderCache(): Map<string, string> {
  if (ldcache) return ldcache;
  ldcache = new Map();
  for (const bin of ["ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"]) {
    const r = spawnSync(bin, ["-p"], { encoding: "utf8" });
    if (r.status !== 0 || !r.stdout) continue;
    for (const line of r.stdout.split("\n")) {
      const m = /^\s*(\S+) \(([^)]*)\) => (\S+)$/.exec(line);
      if (m && /x86-64|64bit|AArch64/i.test(m[2]) && !ldcache.has(m[1])) ldcache.set(m[1], m[3]);
    }
    break;
  }
  return ldcache;
}

/** Where the dynamic loader would find `name`: LD_LIBRARY_PATH first, then its cache. */
export function findSharedLibrary(name: string): string | undefined {
  for (const dir of (process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean)) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return loaderCache().get(name);
}

export interface VulkanDriver {
  manifest: string;
  /** The driver library the manifest names (relative names are searched by the loader). */
  library?: string;
}

const ICD_DIRS = [
  "/etc/vulkan/icd.d",
  "/usr/local/share/vulkan/icd.d",
  "/usr/share/vulkan/icd.d",
  "/usr/local/nvidia/share/vulkan/icd.d",
];

/** Vulkan driver manifests the loader would read (VK_DRIVER_FILES / VK_ICD_FILENAMES override the search). */
export function listVulkanDrivers(env: NodeJS.ProcessEnv = process.env): VulkanDriver[] {
  const override = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
  const files: string[] = [];
  if (override !== undefined) {
    for (const p of override.split(":").filter(Boolean)) {
      if (isDir(p)) files.push(...jsonFiles(p));
      else if (existsSync(p)) files.push(p);
    }
  } else for (const dir of ICD_DIRS) files.push(...jsonFiles(dir));
  return files.map((manifest) => {
    try {
      const json = JSON.parse(readFileSync(manifest, "utf8")) as { ICD?: { library_path?: string } };
      return { manifest, library: json.ICD?.library_path };
    } catch {
      return { manifest };
    }
  });
}

export interface NvidiaGpu {
  name: string;
  driver: string;
  memoryMiB: number;
}

/** GPUs nvidia-smi lists; [] without the NVIDIA driver. */
export function listNvidiaGpus(): NvidiaGpu[] {
  const r = spawnSync(
    "nvidia-smi",
    ["--query-gpu=name,driver_version,memory.total", "--format=csv,noheader,nounits"],
    {
      encoding: "utf8",
      timeout: 10_000,
    },
  );
  if (r.status !== 0 || !r.stdout) return [];
  return r.stdout
    .trim()
    .split("\n")
    .map((line) => line.split(",").map((s) => s.trim()))
    .filter((f) => f.length >= 3)
    .map(([name, driver, mem]) => ({ name, driver, memoryMiB: Number(mem) }));
}

/** The CUDA JIT cache: where it is, its size limit and how much it holds. */
export function cudaCache(env: NodeJS.ProcessEnv = process.env): {
  path: string;
  maxBytes?: number;
  bytes: number;
} {
  const dir = env.CUDA_CACHE_PATH ?? path.join(os.homedir(), ".nv", "ComputeCache");
  return {
    path: dir,
    maxBytes: env.CUDA_CACHE_MAXSIZE ? Number(env.CUDA_CACHE_MAXSIZE) : undefined,
    bytes: treeBytes(dir, 10_000),
  };
}

export function hostMemory(): { totalBytes: number; availableBytes: number } {
  let available = os.freemem();
  try {
    const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"));
    if (m) available = Number(m[1]) * 1024;
  } catch {
    // not Linux: os.freemem() it is
  }
  return { totalBytes: os.totalmem(), availableBytes: available };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function jsonFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** Bytes under a folder, visiting at most `maxEntries` entries (0 when absent). */
function treeBytes(dir: string, maxEntries: number): number {
  let total = 0;
  let seen = 0;
  const stack = [dir];
  while (stack.length && seen < maxEntries) {
    const d = stack.pop() as string;
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) {
      seen++;
      const p = path.join(d, n);
      try {
        const s = statSync(p);
        if (s.isDirectory()) stack.push(p);
        else total += s.size;
      } catch {
        // vanished meanwhile
      }
    }
  }
  return total;
}
