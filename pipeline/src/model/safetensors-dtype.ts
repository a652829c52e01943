// safetensors dtypes: element size and the typed array that holds each one, and conversions between
// half-precision floats and float32. F16 and BF16 are kept as their raw 16-bit patterns in a
// Uint16Array (JS has no portable half type before Node 24); tfjs wants float32, so Gemma's BF16
// weights go through bf16ToF32 on load and f32ToBf16 on export. Rounding is to nearest, ties to
// even, as IEEE 754 and PyTorch do; NaN stays NaN and overflow becomes ±Infinity.
//
//   const w = toFloat32(tensor);          // any float dtype → Float32Array
//   const bits = f32ToBf16(w);            // → Uint16Array for a BF16 tensor

export type TensorData =
  | Float64Array
  | Float32Array
  | Uint16Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

interface DtypeInfo {
  /** Bytes per element. */
  bytes: number;
  /** The typed array class holding the data (F16/BF16: raw bits in Uint16Array; BOOL: 0/1 bytes). */
  array: { new (buffer: ArrayBuffer): TensorData; name: string };
}

export const DTYPES = Object.freeze({
  F64: { bytes: 8, array: Float64Array },
  F32: { bytes: 4, array: Float32Array },
  F16: { bytes: 2, array: Uint16Array },
  BF16: { bytes: 2, array: Uint16Array },
  I64: { bytes: 8, array: BigInt64Array },
  U64: { bytes: 8, array: BigUint64Array },
  I32: { bytes: 4, array: Int32Array },
  U32: { bytes: 4, array: Uint32Array },
  I16: { bytes: 2, array: Int16Array },
  U16: { bytes: 2, array: Uint16Array },
  I8: { bytes: 1, array: Int8Array },
  U8: { bytes: 1, array: Uint8Array },
  BOOL: { bytes: 1, array: Uint8Array },
} satisfies Record<string, DtypeInfo>);

export type SafetensorsDtype = keyof typeof DTYPES;

export function isDtype(x: unknown): x is SafetensorsDtype {
  return typeof x === "string" && Object.hasOwn(DTYPES, x);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
let f16Table: Float32Array | undefined;

/** F16 bit patterns → float32 values (exact: every half is a float). */
export function f16ToF32(bits: Uint16Array): Float32Array {
  f16Table ??= buildF16Table();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = f16Table[bits[i]];
  return out;
}

/** BF16 bit patterns → float32 values (exact: bf16 is the top half of a float32). */
export function bf16ToF32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i] << 16;
  return out;
}

/** float32 values → BF16 bit patterns, rounded to nearest even. */
export function f32ToBf16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i];
    const u = u32[0];
    if ((u & 0x7fffffff) > 0x7f800000) out[i] = (u >>> 16) | 0x40;
    else out[i] = (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
  }
  return out;
}

/** float32 values → F16 bit patterns, rounded to nearest even (subnormals kept, overflow → ±Inf). */
export function f32ToF16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f32BitsToF16(values[i]);
  return out;
}

/** Any float (or integer) tensor data → Float32Array; F16/BF16 need their dtype to be read right. */
export function toFloat32(t: { dtype: SafetensorsDtype; data: TensorData }): Float32Array {
  if (t.dtype === "F16") return f16ToF32(t.data as Uint16Array);
  if (t.dtype === "BF16") return bf16ToF32(t.data as Uint16Array);
  if (t.data instanceof Float32Array) return t.data;
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < t.data.length; i++) out[i] = Number(t.data[i]);
  return out;
}

function f32BitsToF16(x: number): number {
  f32[0] = x;
  const u = u32[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const mant = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

function buildF16Table(): Float32Array {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) table[h] = sign * mant * 2 ** -24;
    else if (exp === 31) table[h] = mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else table[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return table;
}
