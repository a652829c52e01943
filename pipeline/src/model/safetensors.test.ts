import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import { readSafetensors, readSafetensorsHeader, type SafeTensor, writeSafetensors } from "./safetensors.ts";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tunix-"));
});

/** The golden file, byte by byte from the format description (not from the writer). */
const GOLDEN_HEADER =
  '{"__metadata__":{"format":"pt"},' +
  '"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},' +
  '"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]},' +
  '"c":{"dtype":"F16","shape":[1,3],"data_offsets":[12,18]},' +
  '"d":{"dtype":"U8","shape":[0],"data_offsets":[18,18]}}';
const GOLDEN = Uint8Array.from([
  // header length 256 = 249 bytes of JSON + 7 spaces, as u64 little-endian
  0x00,
  0x01,
  0,
  0,
  0,
  0,
  0,
  0,
  ...Buffer.from(GOLDEN_HEADER, "ascii"),
  ...Buffer.from("       ", "ascii"),
  // a: F32 1.5 = 0x3fc00000
  0x00,
  0x00,
  0xc0,
  0x3f,
  // b: I32 1, -2
  0x01,
  0x00,
  0x00,
  0x00,
  0xfe,
  0xff,
  0xff,
  0xff,
  // c: F16 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800
  0x00,
  0x3c,
  0x00,
  0xc0,
  0x00,
  0x38,
]);

const goldenTensors = (): Record<string, SafeTensor> => ({
  d: { dtype: "U8", shape: [0], data: new Uint8Array(0) },
  c: { dtype: "F16", shape: [1, 3], data: Uint16Array.of(0x3c00, 0xc000, 0x3800) },
  b: { dtype: "I32", shape: [2], data: Int32Array.of(1, -2) },
  a: { dtype: "F32", shape: [], data: Float32Array.of(1.5) },
});

/** A file with the given header JSON (unpadded) and data bytes. */
function rawFile(header: unknown, data: number[] | Uint8Array = [], lengthOverride?: bigint): string {
  const json = Buffer.isBuffer(header)
    ? header
    : Buffer.from(typeof header === "string" ? header : JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(lengthOverride ?? BigInt(json.length));
  const file = path.join(dir, "raw.safetensors");
  fs.writeFileSync(file, Buffer.concat([prefix, json, Buffer.from(data)]));
  return file;
}

describe("writeSafetensors", () => {
  it("writes the golden bytes (sorted names, metadata first, 8-byte padded header)", () => {
    expect(GOLDEN.length).toBe(8 + 256 + 18);
    const file = path.join(dir, "golden.safetensors");
    writeSafetensors(file, goldenTensors(), { format: "pt" });
    expect(Buffer.from(fs.readFileSync(file)).equals(Buffer.from(GOLDEN))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["golden.safetensors"]);
  });

  it("lays data out largest element first so every tensor is aligned", () => {
    const file = path.join(dir, "m.safetensors");
    writeSafetensors(file, {
      a: { dtype: "U8", shape: [3], data: Uint8Array.of(1, 2, 3) },
      b: { dtype: "F16", shape: [1], data: Uint16Array.of(0x3c00) },
      c: { dtype: "I64", shape: [1], data: BigInt64Array.of(-5n) },
    });
    const { entries, dataStart } = readSafetensorsHeader(file);
    expect(dataStart % 8).toBe(0);
    expect([entries.c.dataOffsets, entries.b.dataOffsets, entries.a.dataOffsets]).toEqual([
      [0, 8],
      [8, 10],
      [10, 13],
    ]);
  });

  it.each([
    [
      { x: { dtype: "F32", shape: [2], data: new Float64Array(2) } },
      /x\.data: expected a Float32Array for F32/,
    ],
    [
      { x: { dtype: "F32", shape: [2, 2], data: new Float32Array(3) } },
      /4 elements for shape \[2, 2\], found 3/,
    ],
    [{ x: { dtype: "F8", shape: [1], data: new Uint8Array(1) } }, /x\.dtype/],
    [{ x: { dtype: "F32", shape: [-1], data: new Float32Array(0) } }, /x\.shape/],
    [{ __metadata__: { dtype: "U8", shape: [0], data: new Uint8Array(0) } }, /other than __metadata__/],
  ])("rejects bad tensors (%#)", (tensors, message) => {
    const file = path.join(dir, "bad.safetensors");
    expect(() => writeSafetensors(file, tensors as unknown as Record<string, SafeTensor>)).toThrow(message);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("rejects metadata values that are not strings", () => {
    const meta = { step: 3 } as unknown as Record<string, string>;
    expect(() => writeSafetensors(path.join(dir, "m.safetensors"), {}, meta)).toThrow(/__metadata__\.step/);
  });
});

describe("readSafetensors", () => {
  it("reads the golden file", () => {
    const file = path.join(dir, "golden.safetensors");
    fs.writeFileSync(file, GOLDEN);
    const { tensors, metadata } = readSafetensors(file);
    expect(metadata).toEqual({ format: "pt" });
    expect(Object.keys(tensors)).toEqual(["a", "b", "c", "d"]);
    expect(tensors.a).toEqual({ dtype: "F32", shape: [], data: Float32Array.of(1.5) });
    expect(tensors.b.data).toEqual(Int32Array.of(1, -2));
    expect(tensors.c.data).toEqual(Uint16Array.of(0x3c00, 0xc000, 0x3800));
    expect(tensors.d.data).toEqual(new Uint8Array(0));
  });

  it("round-trips every dtype, unicode names and metadata; same tensors → same bytes", () => {
    const tensors: Record<string, SafeTensor> = {
      "model.embed_tokens.weight": {
        dtype: "BF16",
        shape: [3, 2],
        data: Uint16Array.of(1, 2, 3, 4, 5, 0xffff),
      },
      "f64 é": { dtype: "F64", shape: [2], data: Float64Array.of(Math.PI, -0) },
      f32: { dtype: "F32", shape: [2, 1, 2], data: Float32Array.of(1, Number.NaN, -Infinity, 3e-40) },
      i64: { dtype: "I64", shape: [2], data: BigInt64Array.of(-(2n ** 63n), 2n ** 62n) },
      u64: { dtype: "U64", shape: [1], data: BigUint64Array.of(2n ** 64n - 1n) },
      i16: { dtype: "I16", shape: [1], data: Int16Array.of(-300) },
      u16: { dtype: "U16", shape: [1], data: Uint16Array.of(65535) },
      u32: { dtype: "U32", shape: [1], data: Uint32Array.of(4e9) },
      i8: { dtype: "I8", shape: [2], data: Int8Array.of(-128, 127) },
      mask: { dtype: "BOOL", shape: [3], data: Uint8Array.of(1, 0, 1) },
    };
    const a = path.join(dir, "a.safetensors");
    writeSafetensors(a, tensors, { format: "pt", note: "ü" });
    const back = readSafetensors(a);
    expect(back.metadata).toEqual({ format: "pt", note: "ü" });
    for (const [name, t] of Object.entries(tensors)) expect(back.tensors[name]).toEqual(t);
    const reversed = Object.fromEntries(Object.entries(tensors).reverse());
    const b = path.join(dir, "b.safetensors");
    writeSafetensors(b, reversed, { note: "ü", format: "pt" });
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
  });

  it("reads chosen tensors only, from a subarray view too", () => {
    const base = new Float32Array([9, 1, 2, 3, 9]);
    const file = path.join(dir, "v.safetensors");
    writeSafetensors(file, {
      v: { dtype: "F32", shape: [3], data: base.subarray(1, 4) },
      w: { dtype: "U8", shape: [1], data: Uint8Array.of(7) },
    });
    const { tensors } = readSafetensors(file, { names: ["v"] });
    expect(Object.keys(tensors)).toEqual(["v"]);
    expect(tensors.v.data).toEqual(Float32Array.of(1, 2, 3));
    expect(() => readSafetensors(file, { names: ["nope"] })).toThrow(/nope: no such tensor/);
  });

  it("reads files whose data is not aligned (odd header length, as some published files have)", () => {
    const header = '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} ';
    const file = rawFile(header, [0, 0, 0xc0, 0x3f]);
    expect(readSafetensorsHeader(file).dataStart % 2).toBe(1);
    expect(readSafetensors(file).tensors.x.data).toEqual(Float32Array.of(1.5));
  });
});

function shortFile(): string {
  const file = path.join(dir, "short.safetensors");
  fs.writeFileSync(file, "abc");
  return file;
}

describe("corrupt safetensors files give clear errors", () => {
  const entry = (dtype: string, shape: number[], offsets: number[]) => ({
    dtype,
    shape,
    data_offsets: offsets,
  });
  const cases: [string, () => string, RegExp][] = [
    ["a file shorter than 8 bytes", shortFile, /header length: expected 8 bytes, found a 3-byte file/],
    [
      "a header longer than the file",
      () => rawFile({}, [], 1000n),
      /header length: expected at most 2 \(file size − 8\), found 1000.*truncated/,
    ],
    ["an absurd header length", () => rawFile({}, [], 2n ** 40n), /expected at most 100000000 bytes/],
    ["a header that is not JSON", () => rawFile("{nope"), /header: expected UTF-8 JSON/],
    [
      "a header that is not UTF-8",
      () => rawFile(Buffer.from([0x7b, 0xff, 0x7d])),
      /header: expected UTF-8 JSON/,
    ],
    ["a header that is an array", () => rawFile([1, 2]), /header: expected a JSON object/],
    [
      "an unknown dtype",
      () => rawFile({ x: entry("F8", [1], [0, 1]) }, [0]),
      /x\.dtype: expected F64 \| F32/,
    ],
    [
      "a negative dimension",
      () => rawFile({ x: entry("U8", [-1], [0, 0]) }),
      /x\.shape: expected an array of non-negative integers/,
    ],
    [
      "offsets that do not fit dtype × shape",
      () => rawFile({ x: entry("F32", [2], [0, 4]) }, [0, 0, 0, 0]),
      /x\.data_offsets: expected 8 bytes \(F32 × \[2\]\).*misaligned/,
    ],
    ["reversed offsets", () => rawFile({ x: entry("U8", [0], [4, 0]) }), /0 ≤ begin ≤ end/],
    [
      "overlapping tensors",
      () => rawFile({ x: entry("U8", [4], [0, 4]), y: entry("U8", [4], [2, 6]) }, new Uint8Array(6)),
      /y\.data_offsets: expected to start at or after 4 \(end of x\).*overlap/,
    ],
    [
      "a gap between tensors",
      () => rawFile({ x: entry("U8", [2], [0, 2]), y: entry("U8", [2], [3, 5]) }, new Uint8Array(5)),
      /y\.data_offsets: expected to start at 2.*gap/,
    ],
    [
      "truncated tensor data",
      () => rawFile({ x: entry("F32", [4], [0, 16]) }, new Uint8Array(10)),
      /x\.data_offsets: expected to end by 10.*truncated/,
    ],
    [
      "trailing bytes",
      () => rawFile({ x: entry("U8", [2], [0, 2]) }, new Uint8Array(5)),
      /data: expected 2 bytes of tensors, found 5 bytes.*trailing/,
    ],
    [
      "metadata that is not strings",
      () => rawFile({ __metadata__: { step: 1 } }),
      /__metadata__\.step: expected a string/,
    ],
  ];
  it.each(cases)("%s", (_name, make, message) => {
    const file = make();
    let err: unknown;
    try {
      readSafetensors(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TunixError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(file);
  });
});
