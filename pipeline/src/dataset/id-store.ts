// Trace ids of a build, packed into one byte buffer outside the JS heap (ids are ASCII: schemas/
// trace.ts TRACE_ID), with end offsets in a Uint32Array. A million ids take ~20 MB instead of ~60 MB
// of heap strings, and the garbage collector has a million fewer objects to trace.
//
//   const ids = new IdStore(); ids.add("gsm8k-1"); ids.get(0); ids.compare(0, 1); ids.hash(0, seed);
import { hash32Bytes } from "../random.ts";

export class IdStore {
  size = 0;
  #bytes = Buffer.allocUnsafe(1 << 16);
  #used = 0;
  #ends = new Uint32Array(1024);

  static from(ids: readonly string[]): IdStore {
    const store = new IdStore();
    for (const id of ids) store.add(id);
    return store;
  }

  add(id: string): number {
    if (this.#used + id.length > this.#bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#used + id.length));
      this.#bytes.copy(bigger, 0, 0, this.#used);
      this.#bytes = bigger;
    }
    if (this.size === this.#ends.length) {
      const ends = new Uint32Array(this.#ends.length * 2);
      ends.set(this.#ends);
      this.#ends = ends;
    }
    this.#used += this.#bytes.write(id, this.#used, "latin1");
    this.#ends[this.size] = this.#used;
    return this.size++;
  }

  get(i: number): string {
    return this.#bytes.toString("latin1", this.#start(i), this.#ends[i]);
  }

  /** Order of ids a and b by code unit, like `<` on the strings. */
  compare(a: number, b: number): number {
    const bytes = this.#bytes;
    let i = this.#start(a);
    let j = this.#start(b);
    const endA = this.#ends[a];
    const endB = this.#ends[b];
    while (i < endA && j < endB) {
      const d = bytes[i++] - bytes[j++];
      if (d !== 0) return d;
    }
    return endA - i - (endB - j);
  }

  /** `hash32(get(i), seed)` without making the string. */
  hash(i: number, seed: number): number {
    return hash32Bytes(this.#bytes, this.#start(i), this.#ends[i], seed);
  }

  #start(i: number): number {
    return i === 0 ? 0 : this.#ends[i - 1];
  }
}
