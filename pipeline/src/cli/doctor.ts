// `tunix-rt doctor [--json] [--require gpu]` — which tensor backends this machine can run (each one
// started, or the reason it cannot), the WebGPU adapter and its limits, the Vulkan, NVIDIA, CUDA and
// BLAS libraries found, memory; each missing piece with the command that fixes it. With
// `--require gpu` it exits 1 when no GPU backend can start (the pipeline workflow's GPU job runs it first).
import { TunixError } from "../errors.ts";
import { diagnose, formatDoctor } from "../model/backends/doctor.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const doctorCommand: Command = {
  name: "doctor",
  summary: "check the tensor backends, GPU, Vulkan/CUDA libraries and memory; say how to fix what is missing",
  positionals: [0, 0],
  options: {
    require: {
      type: "string",
      valueName: "<gpu>",
      description:
        "exit 1 unless this is available (only `gpu`: a GPU backend, tfjs-node-gpu or webgpu on a real GPU)",
    },
    ...JSON_OPTION,
  },
  async run({ opts, out, err }) {
    if (opts.require !== undefined && opts.require !== "gpu")
      throw new TunixError("E_USAGE", { field: "--require", expected: "gpu", found: String(opts.require) });
    const report = await diagnose();
    if (opts.json) out(JSON.stringify(report, null, 2));
    else for (const line of formatDoctor(report)) out(line);
    if (opts.require === "gpu" && !report.gpuBackend) {
      err("tunix-rt doctor: no GPU backend can start here (see the ✗ lines and their fixes above)");
      return 1;
    }
    return 0;
  },
};
