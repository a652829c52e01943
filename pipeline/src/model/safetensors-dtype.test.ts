import { describe, expect, it } from "vitest";
import { bf16ToF32, f16ToF32, f32ToBf16, f32ToF16, toFloat32 } from "./safetensors-dtype.ts";

/** Node ≥ 24 has Math.f16round: an independent reference for F16 rounding. */
const f16round = (Math as { f16round?: (x: number) => number }).f16round;

function randomFloats(n: number, seed: number): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bits[i] = s;
  }
  return out;
}

describe("F16", () => {
  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x3800, 0.5],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x0400, 2 ** -14],
    [0x03ff, 1023 * 2 ** -24],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
    [0x0000, 0],
  ])("bits %s ↔ %s", (bits, value) => {
    expect(f16ToF32(Uint16Array.of(bits))[0]).toBe(value);
    expect(f32ToF16([value])[0]).toBe(bits);
  });

  it("keeps -0 and NaN", () => {
    expect(Object.is(f16ToF32(Uint16Array.of(0x8000))[0], -0)).toBe(true);
    expect(f32ToF16([-0])[0]).toBe(0x8000);
    expect(f16ToF32(Uint16Array.of(0x7e00))[0]).toBeNaN();
    expect(f16ToF32(f32ToF16([Number.NaN]))[0]).toBeNaN();
  });

  it("round-trips all 65,536 bit patterns (NaNs stay NaN)", () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const back = f32ToF16(f16ToF32(all));
    for (let i = 0; i < 65536; i++) {
      const nanBits = (i & 0x7c00) === 0x7c00 && (i & 0x3ff) !== 0;
      if (nanBits) expect((back[i] & 0x7c00) === 0x7c00 && (back[i] & 0x3ff) !== 0).toBe(true);
      else expect(back[i]).toBe(i);
    }
  });

  it("rounds to nearest even: ties, overflow and underflow", () => {
    expect(f16ToF32(f32ToF16([1 + 2 ** -11]))[0]).toBe(1);
    expect(f16ToF32(f32ToF16([1 + 3 * 2 ** -11]))[0]).toBe(1 + 2 ** -9);
    expect(f16ToF32(f32ToF16([65519]))[0]).toBe(65504);
    expect(f16ToF32(f32ToF16([65520]))[0]).toBe(Infinity);
    expect(f16ToF32(f32ToF16([2 ** -25]))[0]).toBe(0);
    expect(f16ToF32(f32ToF16([2 ** -25 * 1.5]))[0]).toBe(2 ** -24);
  });

  it.skipIf(!f16round)("matches Math.f16round on 200,000 random float32 values", () => {
    const xs = randomFloats(200_000, 42);
    const ours = f16ToF32(f32ToF16(xs));
    let bad = 0;
    for (let i = 0; i < xs.length; i++) {
      const ref = (f16round as (x: number) => number)(xs[i]);
      if (!(Object.is(ours[i], ref) || (Number.isNaN(ref) && Number.isNaN(ours[i])))) bad++;
    }
    expect(bad).toBe(0);
  });
});

describe("BF16", () => {
  it.each([
    [0x3f80, 1],
    [0xc000, -2],
    [0x3fc0, 1.5],
    [0x7f80, Infinity],
    [0xff80, -Infinity],
    [0x0001, 2 ** -133],
  ])("bits %s ↔ %s", (bits, value) => {
    expect(bf16ToF32(Uint16Array.of(bits))[0]).toBe(value);
    expect(f32ToBf16([value])[0]).toBe(bits);
  });

  it("rounds to nearest even and keeps NaN quiet", () => {
    expect(f32ToBf16([1 + 2 ** -8])[0]).toBe(0x3f80); // tie → even (1.0)
    expect(f32ToBf16([1 + 3 * 2 ** -8])[0]).toBe(0x3f82); // tie → even (1 + 2^-6)
    expect(f32ToBf16([1 + 2 ** -8 + 2 ** -20])[0]).toBe(0x3f81); // above the tie → up
    expect(f32ToBf16([3.4028234663852886e38])[0]).toBe(0x7f80); // max float rounds to Inf
    expect(bf16ToF32(f32ToBf16([Number.NaN]))[0]).toBeNaN();
  });

  it("is the nearest bf16 for random floats (checked against both neighbours)", () => {
    const xs = randomFloats(50_000, 7);
    const bits = f32ToBf16(xs);
    const near = bf16ToF32(bits);
    const trunc = new Uint16Array(new Uint32Array(xs.buffer).map((u) => u >>> 16));
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(xs[i])) continue;
      const lo = bf16ToF32(Uint16Array.of(trunc[i]))[0];
      const hi = bf16ToF32(Uint16Array.of(trunc[i] + 1))[0];
      const best = Math.min(Math.abs(xs[i] - lo), Math.abs(xs[i] - hi));
      if (Number.isFinite(near[i])) expect(Math.abs(xs[i] - near[i])).toBe(best);
    }
  });
});

describe("toFloat32", () => {
  it("converts every float and integer dtype", () => {
    expect(toFloat32({ dtype: "BF16", data: Uint16Array.of(0x3f80) })).toEqual(Float32Array.of(1));
    expect(toFloat32({ dtype: "F16", data: Uint16Array.of(0x3c00) })).toEqual(Float32Array.of(1));
    expect(toFloat32({ dtype: "F64", data: Float64Array.of(0.1) })).toEqual(Float32Array.of(0.1));
    expect(toFloat32({ dtype: "I64", data: BigInt64Array.of(-3n) })).toEqual(Float32Array.of(-3));
    const same = Float32Array.of(2);
    expect(toFloat32({ dtype: "F32", data: same })).toBe(same);
  });
});
