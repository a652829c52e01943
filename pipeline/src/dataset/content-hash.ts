// The 64-bit short content hash of a trace as two 32-bit words, fast: the canonical JSON of the
// content fields (traces/hash.ts: prompt, steps, answer, category, difficulty, tags; keys sorted) is
// written directly instead of through the generic stable-JSON walk, about three times faster on a
// million traces. A self-check against `shortHash` on probe traces runs once; if traces/hash.ts ever
// hashes differently, this falls back to it, so the two can never disagree.
//
//   const [hi, lo] = contentHashWords(trace);  // hi/lo = first/second 8 hex digits of shortHash
import { createHash } from "node:crypto";
import type { Trace } from "../schemas/trace.ts";
import { shortHash } from "../traces/hash.ts";

const q = JSON.stringify;

/** The canonical JSON that traces/hash.ts hashes, written field by field. */
export function canonicalContent(t: Trace): string {
  let s = `{"answer":${q(t.answer)}`;
  if (t.category !== undefined) s += `,"category":${q(t.category)}`;
  if (t.difficulty !== undefined) s += `,"difficulty":${q(t.difficulty)}`;
  s += `,"prompt":${q(t.prompt)},"steps":[`;
  for (let i = 0; i < t.steps.length; i++) {
    const step = t.steps[i];
    const parts: string[] = [];
    if (step.calc !== undefined) {
      parts.push(
        `"calc":[${step.calc.map((c) => `{"expr":${q(c.expr)},"result":${q(c.result)}}`).join(",")}]`,
      );
    }
    if (step.kind !== undefined) parts.push(`"kind":${q(step.kind)}`);
    parts.push(`"text":${q(step.text)}`);
    s += `${i ? "," : ""}{${parts.join(",")}}`;
  }
  s += "]";
  if (t.tags !== undefined) s += `,"tags":${q(t.tags)}`;
  return `${s}}`;
}

function fastWords(t: Trace): [number, number] {
  const d = createHash("sha256").update(canonicalContent(t)).digest();
  return [d.readUInt32BE(0), d.readUInt32BE(4)];
}

function slowWords(t: Trace): [number, number] {
  const h = shortHash(t);
  return [Number.parseInt(h.slice(0, 8), 16), Number.parseInt(h.slice(8, 16), 16)];
}

const PROBES: Trace[] = [
  { schemaVersion: 1, id: "p-1", source: "p", prompt: 'Q "1" \\ é 🧮\n', steps: [], answer: "A" },
  {
    schemaVersion: 1,
    id: "p-2",
    source: "p",
    prompt: "Q",
    steps: [
      { text: "s", kind: "calc", calc: [{ expr: "1+1", result: "2" }] },
      { text: "t" },
      { text: "u", calc: [] },
    ],
    answer: "2",
    category: "c/d",
    difficulty: 3,
    tags: ["x", "y"],
    meta: { row: 1 },
  },
];

/** Does the fast writer agree with traces/hash.ts on every probe? */
export function fastHashAgrees(): boolean {
  return PROBES.every((p) => {
    const [a, b] = fastWords(p);
    const [c, d] = slowWords(p);
    return a === c && b === d;
  });
}

const FAST = fastHashAgrees();

/** [first 8 hex digits, next 8 hex digits] of `shortHash(t)`, as unsigned 32-bit numbers. */
export function contentHashWords(t: Trace): [number, number] {
  return FAST ? fastWords(t) : slowWords(t);
}
