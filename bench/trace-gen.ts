// Seeded generator of realistic, varied reasoning traces (~300 bytes of JSONL each) for benchmarks.
// Word problems over several templates, names, units and step counts; every id and question is unique.
//
//   for (const line of generateTraceLines({ seed: 1, count: 1000, idPrefix: "bench" })) …
//   writeTraceFiles(dir, { seed: 1, count: 1_000_000, files: 8 }) // → repo-relative file names
import { mulberry32 } from "../pipeline/src/random.ts";

export { mulberry32 };

export interface TraceGenOptions {
  seed: number;
  count: number;
  /** Number of the first trace (ids continue from it). Default 0. */
  start?: number;
  idPrefix?: string;
}

const NAMES = ["Ada", "Bo", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jun", "Kofi", "Lena"];
const ITEMS = ["apples", "pencils", "stickers", "marbles", "cookies", "books", "stamps", "shells"];
const SOURCES = ["synthetic/rates", "synthetic/sums", "synthetic/shares", "imported/word-problems"];
const CATEGORIES = ["arithmetic/sums", "arithmetic/rates", "arithmetic/shares", "algebra/linear"];
const TAGS = ["easy", "multi-step", "money", "time", "units", "review"];

/** One JSON line per trace (no trailing newline), in order, deterministic for a seed. */
export function* generateTraceLines(opts: TraceGenOptions): Generator<string> {
  const rand = mulberry32(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const prefix = opts.idPrefix ?? "bench";
  const start = opts.start ?? 0;
  for (let i = start; i < start + opts.count; i++) {
    const who = pick(NAMES);
    const item = pick(ITEMS);
    const a = int(2, 90);
    const b = int(2, 40);
    const c = int(2, 9);
    const nSteps = int(1, 3);
    const steps: { text: string; kind?: string; calc?: { expr: string; result: string }[] }[] = [];
    let total = a + b;
    steps.push({ text: `${a} + ${b} = ${total} ${item}.` });
    if (nSteps > 1) {
      total *= c;
      steps.push({ text: `${c} boxes: ${total}.`, kind: "calc" });
    }
    if (nSteps > 2) {
      const gift = int(1, Math.max(1, Math.floor(total / 3)));
      total -= gift;
      steps.push({
        text: `Gives ${gift} away: ${total} left.`,
        calc: [{ expr: `${total + gift}-${gift}`, result: String(total) }],
      });
    }
    const trace: Record<string, unknown> = {
      schemaVersion: 1,
      id: `${prefix}-${i.toString(36).padStart(6, "0")}`,
      source: pick(SOURCES),
      // The problem number keeps every question distinct: a repeated question across splits would
      // be a leak that validate reports (dataset/contamination.ts), and benchmark data is valid data.
      prompt: `Problem ${i}: ${who} has ${a} ${item} and buys ${b}.${nSteps > 1 ? ` ${who} fills ${c} boxes like that.` : ""} How many now?`,
      steps,
      answer: String(total),
      category: pick(CATEGORIES),
      difficulty: nSteps + int(0, 2),
    };
    if (rand() < 0.5) trace.tags = [pick(TAGS), pick(TAGS)].filter((t, k, xs) => xs.indexOf(t) === k);
    if (rand() < 0.3) trace.meta = { generator: "bench", seed: opts.seed, row: i };
    yield JSON.stringify(trace);
  }
}
