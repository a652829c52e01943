// Build the optional native sgemm addon (sgemm.c) with the system C compiler into
// node_modules/.cache/tunix-rt/tunix-sgemm.node. Needs only `cc`; at run time it needs an
// OpenBLAS (`apt-get install libopenblas0-openmp`). Without either, everything runs on pure wasm.
//
//   node pipeline/src/model/native/build.ts        # prints the addon path, or why it was skipped
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NATIVE_ADDON_PATH } from "./native-blas.ts";

export function buildNativeAddon(): { built: boolean; message: string } {
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), "sgemm.c");
  mkdirSync(path.dirname(NATIVE_ADDON_PATH), { recursive: true });
  const cc = process.env.CC ?? "cc";
  const compile = (extra: string[]) =>
    spawnSync(cc, ["-O2", "-shared", "-fPIC", ...extra, "-o", NATIVE_ADDON_PATH, source, "-ldl"], {
      encoding: "utf8",
    });
  // -fopenmp: batches of small products run in parallel (the libgomp of OpenBLAS's OpenMP build);
  // without OpenMP the addon still works, one product after another.
  let r = compile(["-fopenmp"]);
  if (r.error || r.status !== 0) r = compile([]);
  if (r.error || r.status !== 0) {
    return {
      built: false,
      message: `skipped: ${cc} failed (${r.error?.message ?? r.stderr.trim().split("\n")[0]}); training uses pure wasm`,
    };
  }
  return { built: true, message: NATIVE_ADDON_PATH };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { message } = buildNativeAddon();
  process.stdout.write(`${message}\n`);
}
