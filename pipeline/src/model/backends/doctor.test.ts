// `tunix-rt doctor` end to end, in a child process whose Vulkan loader is pointed at an empty
// driver folder (the machine "without the Vulkan packages"): WebGPU is reported missing with its
// fix, wasm still works, and `--require gpu` exits 1. With TUNIX_WEBGPU_TESTS=1 the real adapter
// (lavapipe in CI) is also checked: found, with its limits, and not counted as a GPU.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { DoctorReport } from "./doctor.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/tunix-rt.js");

function doctor(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, "doctor", ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("tunix-rt doctor", () => {
  it("reports a machine without a Vulkan driver: webgpu missing with a fix, wasm available, no GPU", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "tunix-no-icd-"));
    const r = doctor(["--json", "--require", "gpu"], { VK_DRIVER_FILES: empty, VK_ICD_FILENAMES: empty });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no GPU backend can start here/);
    const report = JSON.parse(r.stdout) as DoctorReport;
    const by = Object.fromEntries(report.backends.map((b) => [b.backend, b]));
    expect(by.webgpu.available).toBe(false);
    expect(by.webgpu.detail).toMatch(/no WebGPU adapter/);
    expect(by.webgpu.fix).toMatch(/Vulkan driver/);
    expect(report.webgpu.reason).toMatch(/no WebGPU adapter/);
    expect(report.vulkanDrivers).toEqual([]);
    expect(by.wasm.available).toBe(true);
    expect(by.cpu.available).toBe(true);
    expect(report.gpuBackend).toBeUndefined();
    expect(report.auto).toBe("wasm");
    expect(report.libraries.find((l) => l.name === "libcudnn.so.8")).toBeDefined();
    expect(report.memory.totalBytes).toBeGreaterThan(0);
  });

  it("prints one ✗ line per missing piece followed by its fix", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "tunix-no-icd-"));
    const r = doctor([], { VK_DRIVER_FILES: empty, VK_ICD_FILENAMES: empty });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const webgpu = lines.findIndex((l) => /^ {2}✗ webgpu/.test(l));
    expect(webgpu).toBeGreaterThan(0);
    expect(lines[webgpu + 1]).toMatch(/^ {6}fix: install libvulkan1 and a Vulkan driver/);
    expect(lines).toContain("auto uses: wasm; GPU backend: none (--require-gpu fails here)");
  });

  it("refuses an unknown --require", () => {
    const r = doctor(["--require", "tpu"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--require: expected gpu, found tpu/);
  });

  it.skipIf(process.env.TUNIX_WEBGPU_TESTS !== "1")(
    "finds the WebGPU adapter and its limits (TUNIX_WEBGPU_TESTS=1)",
    () => {
      const r = doctor(["--json"], {});
      const report = JSON.parse(r.stdout) as DoctorReport;
      expect(report.webgpu.adapter).toBeDefined();
      expect(report.webgpu.limits?.maxStorageBufferBindingSize).toBeGreaterThan(0);
      expect(report.webgpu.limits?.maxBufferSize).toBeGreaterThan(0);
      const web = report.backends.find((b) => b.backend === "webgpu");
      expect(web?.available).toBe(true);
      expect(web?.device).toBe(report.webgpu.adapter?.software ? "cpu" : "gpu");
      expect(r.code).toBe(0);
    },
  );
});
