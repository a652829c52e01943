// The judge benchmark: `npm run bench -- judge [--json] [--items N]`.
// 1. Throughput: N seeded GSM8K-like model outputs (numbered format: 2–5 reasoning steps with
//    arithmetic, then `Answer: …` — or a \boxed, a `####`, "the answer is", a bare number, a fraction,
//    $ and thousands commas, about a third of them wrong) judged by each sync judge; target
//    answer-correctness@1 ≥ 20,000 verdicts/s.
// 2. Worst case: hostile 100,000-character outputs (prose, `{`×100,000, unclosed boxes, nested boxes,
//    random bytes, repeated markers and tags) through every sync judge; target ≤ 50 ms for the slowest.
import { parseArgs } from "node:util";
import { JUDGES, judgeAll } from "../pipeline/src/judge/registry.ts";
import type { JudgeItem } from "../pipeline/src/judge/types.ts";
import { mulberry32 } from "./trace-gen.ts";
import type { Bench, BenchOptions, BenchResult } from "./types.ts";

export const TARGETS = Object.freeze({ answer_correctness_verdicts_per_s: 20_000, worst_100k_ms: 50 });
const SYNC_JUDGES = Object.keys(JUDGES).filter((k) => JUDGES[k].judge !== undefined);

export const bench: Bench = {
  summary: "judges over GSM8K-like outputs (verdicts/s) and hostile 100,000-character outputs (worst ms)",
  run,
};

async function run({ args, log }: BenchOptions): Promise<BenchResult> {
  const { values } = parseArgs({ args, options: { items: { type: "string", default: "20000" } } });
  const items = generateItems(Number(values.items), 1);
  log(`judging ${items.length.toLocaleString("en-US")} generated outputs with ${SYNC_JUDGES.join(", ")}`);
  const rows: Record<string, string | number>[] = [];
  const perSecond: Record<string, number> = {};
  let correct = 0;
  for (const name of SYNC_JUDGES) {
    judgeAll(items.slice(0, 500), [name]); // warm up
    const t0 = performance.now();
    const verdicts = judgeAll(items, [name]);
    const seconds = (performance.now() - t0) / 1000;
    perSecond[name] = Math.round(items.length / seconds);
    if (name === "answer-correctness@1") correct = verdicts.filter((v) => v.correct).length;
    rows.push({ measure: `${name} throughput`, value: perSecond[name], unit: "verdicts/s" });
  }
  const worst: Record<string, { ms: number; input: string }> = {};
  for (const [input, text] of Object.entries(hostileInputs())) {
    for (const name of SYNC_JUDGES) {
      const item: JudgeItem = { id: input, prediction: text, gold: "#### 18", traceFormat: "tagged" };
      const ms = Math.min(...[0, 1, 2].map(() => timeOne(name, item)));
      if (!worst[name] || ms > worst[name].ms) worst[name] = { ms, input };
    }
  }
  for (const [name, w] of Object.entries(worst)) {
    rows.push({
      measure: `${name} worst 100k-char input (${w.input})`,
      value: Number(w.ms.toFixed(2)),
      unit: "ms",
    });
  }
  const acRate = perSecond["answer-correctness@1"];
  const worstMs = Math.max(...Object.values(worst).map((w) => w.ms));
  const pass = acRate >= TARGETS.answer_correctness_verdicts_per_s && worstMs <= TARGETS.worst_100k_ms;
  return {
    rows,
    json: {
      items: items.length,
      answerCorrectnessAccuracy: correct / items.length,
      verdictsPerS: perSecond,
      worstMs: Object.fromEntries(
        Object.entries(worst).map(([k, w]) => [k, { ms: Number(w.ms.toFixed(2)), input: w.input }]),
      ),
      targets: TARGETS,
      pass,
    },
  };
}

function timeOne(name: string, item: JudgeItem): number {
  const t0 = performance.now();
  JUDGES[name].judge!(item);
  return performance.now() - t0;
}

const NAMES = ["Ava", "Bilal", "Chloe", "Dmitri", "Esi", "Farah", "Goran", "Hiro"];
const THINGS = ["apples", "tickets", "bricks", "stamps", "cupcakes", "pencils"];

/** Seeded GSM8K-like outputs with their golds (raw `#### n` answers half of the time). */
export function generateItems(count: number, seed: number): JudgeItem[] {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const items: JudgeItem[] = [];
  for (let i = 0; i < count; i++) {
    const who = pick(NAMES);
    const thing = pick(THINGS);
    let total = int(2, 900);
    const steps = [`${who} starts with ${total} ${thing}.`];
    for (let s = int(1, 4); s > 0; s--) {
      const k = int(2, 12);
      const op = pick(["+", "-", "*"]);
      const next = op === "+" ? total + k : op === "-" ? total - k : total * k;
      const shown = rand() < 0.05 ? next + 1 : next; // an occasional slip
      steps.push(`Then ${total} ${op === "*" ? "x" : op} ${k} = ${shown.toLocaleString("en-US")} ${thing}.`);
      total = next;
    }
    const answer = rand() < 0.3 ? total + int(1, 9) : total;
    const written = answer.toLocaleString("en-US");
    const style = int(0, 5);
    const final =
      style === 0
        ? `Answer: ${written}`
        : style === 1
          ? `Answer: $\\boxed{${answer}}$`
          : style === 2
            ? `#### ${answer}`
            : style === 3
              ? `So the answer is $${written}.`
              : style === 4
                ? `Answer: ${answer * 2}/2 ${thing}`
                : `${written}`;
    const prediction = `Reasoning:\n${steps.map((t, k) => `${k + 1}. ${t}`).join("\n")}\n${final}`;
    const gold = rand() < 0.5 ? String(total) : `${steps.join("\n")}\n#### ${total}`;
    items.push({ id: `bench-${i}`, prediction, gold, traceFormat: "numbered", finishReason: "stop" });
  }
  return items;
}

/** 100,000-character outputs meant to hurt: each judge must still answer quickly. */
export function hostileInputs(): Record<string, string> {
  const rand = mulberry32(7);
  let bytes = "";
  for (let i = 0; i < 100_000; i++) bytes += String.fromCharCode(Math.floor(rand() * 65_536));
  const fill = (unit: string) => unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
  return {
    prose: fill("Reasoning:\n1. The farmer sells 12 cows for $1,200 = 12 x 100 dollars.\n"),
    braces: "{".repeat(100_000),
    "unclosed boxes": fill("\\boxed{"),
    "nested boxes": `${"\\boxed{".repeat(7000)}5${"}".repeat(7000)}`.padEnd(100_000, " "),
    "random bytes": bytes,
    "answer phrases": fill("the answer is "),
    "answer tags": fill("<answer>"),
    "reasoning tags": fill("<reasoning>"),
    annotations: fill("<<12*3=36"),
    equations: fill("1+1=2="),
    digits: fill("9"),
    parentheses: fill("("),
  };
}
