// Reading and validating a safetensors header (see safetensors.ts for the format). Everything is
// checked before any tensor data is read: a truncated file, a header that is not UTF-8 JSON, an
// unknown dtype, offsets that do not match dtype × shape, overlapping tensors, gaps, trailing bytes.
// Every failure is a TunixError naming the file and the tensor.
//
//   const { entries, metadata, dataStart } = readSafetensorsHeader("model.safetensors");
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { describeValue, TunixError } from "../errors.ts";
import { DTYPES, isDtype, type SafetensorsDtype } from "./safetensors-dtype.ts";

export const METADATA_KEY = "__metadata__";

export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** [begin, end) in bytes, relative to the first byte after the header. */
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  entries: Record<string, SafetensorsEntry>;
  metadata: Record<string, string>;
  /** Absolute file offset of the data (8 + header length). */
  dataStart: number;
}

/** The spec's limit on the header, which keeps a corrupt length from allocating gigabytes. */
const MAX_HEADER_BYTES = 100_000_000;

/** The validated header alone (names, dtypes, shapes, offsets), without reading tensor data. */
export function readSafetensorsHeader(file: string): SafetensorsHeader {
  const fd = openSync(file, "r");
  try {
    return readHeaderFd(fd, file);
  } finally {
    closeSync(fd);
  }
}

export function readHeaderFd(fd: number, file: string): SafetensorsHeader {
  const size = fstatSync(fd).size;
  const hint = "the file is truncated or not safetensors; copy, download or export it again";
  if (size < 8) fail(file, "header length", "8 bytes", `a ${size}-byte file`, hint);
  const prefix = Buffer.alloc(8);
  readFully(fd, prefix, 0, file);
  const n = prefix.readBigUInt64LE(0);
  if (n > BigInt(MAX_HEADER_BYTES))
    fail(file, "header length", `at most ${MAX_HEADER_BYTES} bytes`, String(n), hint);
  if (8n + n > BigInt(size))
    fail(file, "header length", `at most ${size - 8} (file size − 8)`, String(n), hint);
  const raw = Buffer.alloc(Number(n));
  readFully(fd, raw, 8, file);
  return parseHeader(raw, size - 8 - Number(n), file);
}

/** Validate a header against the number of data bytes that follow it. */
function parseHeader(raw: Uint8Array, dataBytes: number, file: string): SafetensorsHeader {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch (err) {
    throw new TunixError("E_JSON", {
      file,
      field: "header",
      expected: "UTF-8 JSON",
      found: (err as Error).message,
    });
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    fail(file, "header", "a JSON object", describeValue(json));
  }
  const entries: Record<string, SafetensorsEntry> = {};
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === METADATA_KEY) metadata = parseMetadata(value, file);
    else entries[name] = parseEntry(name, value, file);
  }
  const spans = Object.entries(entries).sort(
    ([a, x], [b, y]) =>
      x.dataOffsets[0] - y.dataOffsets[0] || x.dataOffsets[1] - y.dataOffsets[1] || cmp(a, b),
  );
  let prevEnd = 0;
  let prevName = "";
  for (const [name, e] of spans) {
    const [begin, end] = e.dataOffsets;
    if (begin < prevEnd) {
      fail(
        file,
        `${name}.data_offsets`,
        `to start at or after ${prevEnd} (end of ${prevName})`,
        `[${begin}, ${end}]`,
        "tensors overlap: the header is corrupt",
      );
    }
    if (begin > prevEnd) {
      fail(
        file,
        `${name}.data_offsets`,
        `to start at ${prevEnd}`,
        `[${begin}, ${end}]`,
        "a gap of unused bytes: the header is corrupt",
      );
    }
    prevEnd = end;
    prevName = name;
  }
  if (prevEnd > dataBytes) {
    fail(
      file,
      `${prevName}.data_offsets`,
      `to end by ${dataBytes} (the data bytes in the file)`,
      String(prevEnd),
      "the file is truncated; copy, download or export it again",
    );
  }
  if (prevEnd < dataBytes) {
    fail(
      file,
      "data",
      `${prevEnd} bytes of tensors`,
      `${dataBytes} bytes`,
      "trailing bytes after the last tensor: the file is corrupt",
    );
  }
  return { entries, metadata, dataStart: 8 + raw.length };
}

function parseEntry(name: string, value: unknown, file: string): SafetensorsEntry {
  const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
  if (v === null || typeof v !== "object")
    fail(file, name, "{dtype, shape, data_offsets}", describeValue(value));
  if (!isDtype(v.dtype)) fail(file, `${name}.dtype`, Object.keys(DTYPES).join(" | "), describeValue(v.dtype));
  const shape = v.shape;
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    fail(file, `${name}.shape`, "an array of non-negative integers", describeValue(shape));
  }
  const offs = v.data_offsets;
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isCount) || offs[0] > offs[1]) {
    fail(file, `${name}.data_offsets`, "[begin, end] with 0 ≤ begin ≤ end", describeValue(offs));
  }
  const dtype = v.dtype as SafetensorsDtype;
  const want = (shape as number[]).reduce((a, b) => a * b, 1) * DTYPES[dtype].bytes;
  const [begin, end] = offs as [number, number];
  if (end - begin !== want) {
    fail(
      file,
      `${name}.data_offsets`,
      `${want} bytes (${dtype} × [${(shape as number[]).join(", ")}])`,
      `[${begin}, ${end}] = ${end - begin} bytes`,
      "offsets misaligned with dtype and shape: the header is corrupt",
    );
  }
  return { dtype, shape: shape as number[], dataOffsets: [begin, end] };
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail(file, METADATA_KEY, "an object of strings", describeValue(value));
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== "string") fail(file, `${METADATA_KEY}.${k}`, "a string", describeValue(v));
  }
  return { ...(value as Record<string, string>) };
}

export function isCount(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

export function readFully(fd: number, into: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0)
      fail(file, "data", `${into.length} bytes at ${position}`, `${done}`, "the file is truncated");
    done += n;
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function fail(file: string, field: string, expected: string, found: string, hint?: string): never {
  throw new TunixError("E_SCHEMA", { file, field, expected, found, hint });
}
