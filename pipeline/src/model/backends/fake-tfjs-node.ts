// Test fixture: writes a package that behaves like @tensorflow/tfjs-node(-gpu) 4.22 on disk, for the
// loader tests (no libtensorflow needed). Like the real package it is CommonJS, requires
// @tensorflow/tfjs, calls `util.isNullOrUndefined` / `util.isArray` while loading (Node >= 23
// throws there without the polyfill), registers the `tensorflow` backend at priority 3 and switches
// to it; its backend object carries `isGPUPackage` and `isUsingGpuDevice` from a native "binding".
// The binding is a JSON file: { gpu: true } finds a GPU; { gpu: false } prints TF's
// "Cannot dlopen some GPU libraries" warning and computes on the CPU; no binding file makes the
// import throw as the real package does when tfjs_binding.node is missing. The math is tfjs's
// own `cpu` kernels, registered again under `tensorflow`.
//
//   const dir = writeFakeTfjsNode(tmp, "@tensorflow/tfjs-node-gpu", { gpu: false });
//   await loadTfjsNode("@tensorflow/tfjs-node-gpu", { modulesFrom: dir });
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const INDEX_JS = `"use strict";
const util = require("util");
const fs = require("fs");
const path = require("path");
// The real package calls these on its load path; Node >= 23 removed them.
if (!util.isNullOrUndefined(undefined) || util.isArray({})) throw new Error("util polyfill misbehaves");
const tf = require("@tensorflow/tfjs");
const pjson = require("./package.json");
const bindingPath = path.join(__dirname, "binding.json");
if (!fs.existsSync(bindingPath))
  throw new Error("The Node.js native addon module (tfjs_binding.node) can not be found at path: " + bindingPath);
const binding = JSON.parse(fs.readFileSync(bindingPath, "utf8"));
binding.envAtLoad = { TF_FORCE_GPU_ALLOW_GROWTH: process.env.TF_FORCE_GPU_ALLOW_GROWTH, CUDA_CACHE_MAXSIZE: process.env.CUDA_CACHE_MAXSIZE };
if (pjson.name.endsWith("-gpu") && !binding.gpu)
  process.stderr.write("W tensorflow/core/common_runtime/gpu/gpu_device.cc] Cannot dlopen some GPU libraries.\\n");
const { MathBackendCPU } = require("@tensorflow/tfjs-backend-cpu");
class FakeNodeBackend extends MathBackendCPU {
  constructor() {
    super();
    this.isGPUPackage = pjson.name === "@tensorflow/tfjs-node-gpu";
    this.isUsingGpuDevice = Boolean(binding.gpu);
    this.binding = binding;
  }
}
for (const k of tf.getKernelsForBackend("cpu")) {
  if (!tf.getKernel(k.kernelName, "tensorflow")) tf.registerKernel({ ...k, backendName: "tensorflow" });
}
tf.registerBackend("tensorflow", () => new FakeNodeBackend(), 3);
tf.setBackend("tensorflow");
exports.version = { "tfjs-node": pjson.version };
exports.binding = binding;
`;

/** Write the fake under `<root>/node_modules/<pkg>` (tfjs packages linked from this project); returns root. */
export function writeFakeTfjsNode(root: string, pkg: string, binding: { gpu: boolean } | undefined): string {
  const dir = path.join(root, "node_modules", pkg);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: pkg, version: "4.22.0-fake", main: "index.js" }),
  );
  writeFileSync(path.join(dir, "index.js"), INDEX_JS);
  if (binding) writeFileSync(path.join(dir, "binding.json"), JSON.stringify(binding));
  // The same @tensorflow/tfjs instance as the project (Node resolves links to their real path).
  const req = createRequire(import.meta.url);
  for (const dep of ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-cpu"]) {
    const real = path.dirname(req.resolve(`${dep}/package.json`));
    const link = path.join(root, "node_modules", dep);
    try {
      symlinkSync(real, link, "dir");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return root;
}
