// safetensors files, read and written by the project (format: an 8-byte little-endian unsigned
// header length N; N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]},
// "__metadata__": {string: string}}`, padded with spaces; then the raw little-endian, row-major
// tensor bytes, offsets counted from the end of the header).
// Writing is atomic and deterministic: the header lists `__metadata__` then tensors by name; the
// data is laid out by element size (largest first) then name, so every tensor starts at a multiple
// of its element size (N is padded to a multiple of 8), with no gaps, as Hugging Face's writer does.
// Reading validates everything before touching data (truncated file, bad JSON, unknown dtype,
// offsets that do not match dtype × shape, overlapping tensors, gaps, trailing bytes) and reads
// each tensor into its own buffer (so files with unaligned data, which exist, load fine).
//
//   writeSafetensors("model.safetensors", { "w": { dtype: "F32", shape: [2, 3], data } }, { format: "pt" });
//   const { tensors, metadata } = readSafetensors("model.safetensors", { names: ["w"] });
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeValue, TunixError } from "../errors.ts";
import { DTYPES, isDtype, type SafetensorsDtype, type TensorData } from "./safetensors-dtype.ts";
import { cmp, fail, isCount, METADATA_KEY, readFully, readHeaderFd } from "./safetensors-header.ts";

export type { SafetensorsDtype, TensorData } from "./safetensors-dtype.ts";
export { bf16ToF32, f16ToF32, f32ToBf16, f32ToF16, toFloat32 } from "./safetensors-dtype.ts";
export type { SafetensorsEntry, SafetensorsHeader } from "./safetensors-header.ts";
export { readSafetensorsHeader } from "./safetensors-header.ts";

export interface SafeTensor {
  dtype: SafetensorsDtype;
  /** Row-major dimensions; [] is a scalar (one element). */
  shape: number[];
  data: TensorData;
}

export function writeSafetensors(
  file: string,
  tensors: Record<string, SafeTensor>,
  metadata: Record<string, string> = {},
): void {
  checkLittleEndian();
  const names = Object.keys(tensors).sort();
  for (const name of names) checkTensor(file, name, tensors[name]);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string")
      fail(file, `${METADATA_KEY}.${k}`, "a string", describeValue(v), "metadata values are strings");
  }
  const order = [...names].sort(
    (a, b) => DTYPES[tensors[b].dtype].bytes - DTYPES[tensors[a].dtype].bytes || cmp(a, b),
  );
  const offsets = new Map<string, [number, number]>();
  let end = 0;
  for (const name of order) {
    const size = tensors[name].data.byteLength;
    offsets.set(name, [end, end + size]);
    end += size;
  }
  const parts: string[] = [];
  if (Object.keys(metadata).length > 0) {
    const meta = Object.keys(metadata)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`);
    parts.push(`${JSON.stringify(METADATA_KEY)}:{${meta.join(",")}}`);
  }
  for (const name of names) {
    const t = tensors[name];
    const info = { dtype: t.dtype, shape: t.shape, data_offsets: offsets.get(name) };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
  }
  let header = Buffer.from(`{${parts.join(",")}}`, "utf8");
  const padded = Math.ceil(header.length / 8) * 8;
  header = Buffer.concat([header, Buffer.alloc(padded - header.length, 0x20)]);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(header.length));
  const chunks = [prefix, header, ...order.map((n) => bytesOf(tensors[n].data))];
  writeChunksAtomic(file, chunks);
}

export function readSafetensors(
  file: string,
  opts: { names?: readonly string[] } = {},
): { tensors: Record<string, SafeTensor>; metadata: Record<string, string> } {
  checkLittleEndian();
  const fd = openSync(file, "r");
  try {
    const header = readHeaderFd(fd, file);
    const wanted = opts.names ?? Object.keys(header.entries).sort();
    const tensors: Record<string, SafeTensor> = {};
    for (const name of wanted) {
      const entry = Object.hasOwn(header.entries, name) ? header.entries[name] : undefined;
      if (!entry) {
        throw new TunixError("E_NOT_FOUND", {
          file,
          field: name,
          message: "no such tensor",
          hint: `the file holds ${Object.keys(header.entries).length} tensors; list them with readSafetensorsHeader`,
        });
      }
      const [begin, end] = entry.dataOffsets;
      const buffer = new ArrayBuffer(end - begin);
      readFully(fd, new Uint8Array(buffer), header.dataStart + begin, file);
      tensors[name] = { dtype: entry.dtype, shape: entry.shape, data: new DTYPES[entry.dtype].array(buffer) };
    }
    return { tensors, metadata: header.metadata };
  } finally {
    closeSync(fd);
  }
}

function checkTensor(where: string, name: string, t: SafeTensor): void {
  if (!name || name === METADATA_KEY)
    fail(where, "name", `a non-empty name other than ${METADATA_KEY}`, JSON.stringify(name));
  if (!isDtype(t.dtype))
    fail(where, `${name}.dtype`, Object.keys(DTYPES).join(" | "), describeValue(t.dtype));
  if (!Array.isArray(t.shape) || !t.shape.every(isCount)) {
    fail(where, `${name}.shape`, "an array of non-negative integers", describeValue(t.shape));
  }
  const { array } = DTYPES[t.dtype];
  if (!(t.data instanceof array))
    fail(
      where,
      `${name}.data`,
      `a ${array.name} for ${t.dtype}`,
      t.data?.constructor?.name ?? String(t.data),
    );
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== numel)
    fail(where, `${name}.data`, `${numel} elements for shape [${t.shape.join(", ")}]`, `${t.data.length}`);
}

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Temp file + fsync + rename, chunk by chunk (weights can exceed what one buffer should hold). */
function writeChunksAtomic(file: string, chunks: Uint8Array[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${randomBytes(6).toString("hex")}`);
  const fd = openSync(tmp, "w");
  let written = false;
  try {
    for (const chunk of chunks) {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    }
    fsyncSync(fd);
    written = true;
  } finally {
    closeSync(fd);
    if (!written) rmSync(tmp, { force: true });
  }
  renameSync(tmp, file);
}

function checkLittleEndian(): void {
  if (os.endianness() !== "LE") {
    throw new TunixError(
      "E_BACKEND",
      "safetensors I/O needs a little-endian machine (the format is little-endian)",
    );
  }
}
