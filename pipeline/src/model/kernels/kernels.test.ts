// Every kernel override against the stock `cpu` kernels on small random shapes: all transpose
// combinations, batch broadcasting both ways, rank-2/3/4 operands, and the segment sum.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../backend.ts";
import { Prng } from "../prng.ts";
import { installKernelOverrides, selectWasmMatMul } from "./index.ts";

const rng = new Prng(7);
const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface MatCase {
  a: number[];
  b: number[];
  ta: boolean;
  tb: boolean;
}
const CASES: MatCase[] = [];
for (const ta of [false, true]) {
  for (const tb of [false, true]) {
    const shapes: [number[], number[]][] = [
      [
        [5, 7],
        [7, 3],
      ],
      [
        [4, 5, 7],
        [4, 7, 3],
      ],
      [
        [4, 5, 7],
        [7, 3],
      ],
      [
        [4, 5, 7],
        [1, 7, 3],
      ],
      [
        [1, 5, 7],
        [4, 7, 3],
      ],
      [
        [5, 7],
        [4, 7, 3],
      ],
      [
        [2, 3, 5, 7],
        [2, 3, 7, 3],
      ],
      [
        [2, 3, 5, 7],
        [7, 3],
      ],
    ];
    for (const [a, b] of shapes) {
      const A = [...a];
      const B = [...b];
      if (ta) [A[A.length - 1], A[A.length - 2]] = [A[A.length - 2], A[A.length - 1]];
      if (tb) [B[B.length - 1], B[B.length - 2]] = [B[B.length - 2], B[B.length - 1]];
      CASES.push({ a: A, b: B, ta, tb });
    }
  }
}
const inputs = CASES.map((c) => ({ a: rand(size(c.a)), b: rand(size(c.b)) }));
const segX = rand(37 * 6);
const sumX = rand(5 * 4 * 3);
const SUM_CASES: [number | number[], boolean][] = [
  [0, false],
  [[0, 1], true],
  [-1, false],
  [1, false],
  [[0, 2], false],
];
function sums(): Float32Array[] {
  return SUM_CASES.map(([axis, keep]) =>
    tf.tidy(() => tf.sum(tf.tensor(sumX, [5, 4, 3]), axis, keep).dataSync() as Float32Array),
  );
}
const segIds = Int32Array.from({ length: 37 }, () => rng.int(11) - 1); // includes -1 (dropped)

function matmuls(): Float32Array[] {
  return CASES.map((c, i) =>
    tf.tidy(
      () =>
        tf
          .matMul(tf.tensor(inputs[i].a, c.a), tf.tensor(inputs[i].b, c.b), c.ta, c.tb)
          .dataSync() as Float32Array,
    ),
  );
}
function segmentSum(): Float32Array {
  return tf.tidy(
    () =>
      tf
        .unsortedSegmentSum(tf.tensor(segX, [37, 6]), tf.tensor(segIds, [37], "int32"), 10)
        .dataSync() as Float32Array,
  );
}
function expectClose(got: Float32Array, want: Float32Array, label: string) {
  expect(got.length, label).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++)
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  expect(worst, label).toBeLessThan(1e-5);
}

let stockMat: Float32Array[];
let stockSeg: Float32Array;
let stockSums: Float32Array[];
beforeAll(async () => {
  await tf.setBackend("cpu"); // stock kernels, before any override
  stockMat = matmuls();
  stockSeg = segmentSum();
  stockSums = sums();
});

describe("wasm overrides", () => {
  it("BatchMatMul (XNNPACK path) matches the stock cpu kernel for every transpose and broadcast case", async () => {
    await initBackend("wasm");
    expect(selectWasmMatMul("xnnpack")).toBe(true);
    const got = matmuls();
    CASES.forEach((c, i) => {
      expectClose(got[i], stockMat[i], JSON.stringify(c));
    });
  });
  it("BatchMatMul (native OpenBLAS addon, when built) matches the stock cpu kernel", async (ctx) => {
    await initBackend("wasm");
    if (!selectWasmMatMul("native")) {
      ctx.skip("native addon not built (node pipeline/src/model/native/build.ts) or no OpenBLAS");
      return;
    }
    const got = matmuls();
    CASES.forEach((c, i) => {
      expectClose(got[i], stockMat[i], JSON.stringify(c));
    });
    selectWasmMatMul("xnnpack");
  });
  it("Sum over leading axes (and the stock fallback for others) matches the cpu kernel", async () => {
    await initBackend("wasm");
    const got = sums();
    SUM_CASES.forEach((c, i) => {
      expectClose(got[i], stockSums[i], JSON.stringify(c));
    });
  });
  it("GatherV2 (embedding rows) matches the cpu kernel and rejects bad indices", async () => {
    await initBackend("wasm");
    const table = tf.tensor(sumX, [5, 12]);
    const got = tf.gather(
      table,
      tf.tensor2d(
        [
          [4, 0],
          [2, 2],
        ],
        [2, 2],
        "int32",
      ),
    );
    expect(got.shape).toEqual([2, 2, 12]);
    const d = got.dataSync();
    expect(Array.from(d.slice(0, 12))).toEqual(Array.from(sumX.slice(48, 60)));
    expect(Array.from(d.slice(36, 48))).toEqual(Array.from(sumX.slice(24, 36)));
    expect(() => tf.gather(table, tf.tensor1d([5], "int32"))).toThrow(/not in \[0, 4\]/);
    const cols = tf.gather(table, tf.tensor1d([1], "int32"), 1); // axis 1: stock kernel
    expect(cols.shape).toEqual([5, 1]);
  });
  it("UnsortedSegmentSum exists and matches the stock cpu kernel", async () => {
    await initBackend("wasm");
    expectClose(segmentSum(), stockSeg, "segment sum");
  });
  it("embedding gradients run (gather backward) and leak no tensors", async () => {
    await initBackend("wasm");
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor(rand(12 * 4), [12, 4])));
    const idx = tf.tensor1d([1, 1, 3], "int32");
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.gather(x, idx)))(w);
    idx.dispose();
    expect(Array.from(g.dataSync()).slice(4, 8)).toEqual([2, 2, 2, 2]);
    g.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("wasm zero-copy Identity and Cast", () => {
  it("clones share data safely: disposing one side keeps the other, and nothing leaks", async () => {
    await initBackend("wasm");
    const before = tf.memory();
    const a = tf.tensor([1.5, -2, 3]);
    const b = tf.clone(a);
    const c = tf.cast(a, "float32");
    const d = tf.cast(a, "int32");
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1.5, -2, 3]);
    b.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3]);
    expect(Array.from(d.dataSync())).toEqual([1, -2, 3]);
    c.dispose();
    d.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});

describe("cpu override", () => {
  it("UnsortedSegmentSum matches the stock kernel", async () => {
    await tf.setBackend("cpu");
    installKernelOverrides("cpu");
    expectClose(segmentSum(), stockSeg, "segment sum");
  });
});
